/*
 * process_floor: a C process that does nothing, built like kvm_floor. Its start and exit are the
 * part of kvm_floor's boot-to-exit that is not KVM work, as runtime-floor's are the part of
 * hvt-tender's that is the .NET runtime's (bench/Hvt.Bench, boot).
 */
int main(void)
{
    return 0;
}
