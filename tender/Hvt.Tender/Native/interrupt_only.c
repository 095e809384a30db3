/* Linked into the native hvt-tender only (Hvt.Tender.csproj). The handler of the vCPU kick
   (SignalDisposition.InterruptOnly): it does nothing, so that the signal only makes the kicked
   thread's blocking call return EINTR. Managed code may not run in a signal handler, and the static
   native tender has no dynamic symbol table in which to look up a C-library function for it. */
static void interrupt_only(int signal_number)
{
    (void)signal_number;
}

void (*solo5net_interrupt_only_handler(void))(int)
{
    return interrupt_only;
}
