using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>vCPU initialisation (docs/hvt-abi.md §2.1–2.5): CPUID, special registers, TSC frequency, general registers.</summary>
public static class VcpuSetup
{
    /// <summary>Configures the vCPU for entry at <paramref name="entry"/>; returns the TSC frequency in Hz.</summary>
    public static ulong Initialise(VirtualMachine vm, ulong entry, ulong guestMemorySize)
    {
        byte[] cpuid;
        try { cpuid = vm.Kvm.GetSupportedCpuid(100); }
        catch (SystemCallException) { throw new TenderException("KVM: ioctl (GET_SUPPORTED_CPUID) failed"); }
        VirtualMachine.Guard("SET_CPUID2", () => vm.Vcpu.SetCpuid2(cpuid));

        VirtualMachine.Guard("SET_SREGS", () => vm.Vcpu.SetSregs(VcpuState.SpecialRegisters()));

        if (VirtualMachine.Guard("CHECK_EXTENSION", () => vm.Kvm.CheckExtension(KvmIoctls.KVM_CAP_GET_TSC_KHZ)) != 1)
            throw new TenderException("KVM: host does not support KVM_CAP_GET_TSC_KHZ");
        int khz = vm.Vcpu.TryGetTscKhz();
        if (khz == -Errno.EIO) throw new TenderException("KVM: host TSC is unstable, cannot continue");
        if (khz < 0) throw new TenderException("KVM: ioctl (KVM_GET_TSC_KHZ) failed");

        VirtualMachine.Guard("SET_REGS", () => vm.Vcpu.SetRegs(VcpuState.GeneralRegisters(entry, guestMemorySize)));
        return (ulong)khz * 1000;
    }
}
