using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>
/// What a debugger may do to the stopped guest: read and write the vCPU's registers, read and write
/// guest memory through the checked accessor (<see cref="GuestMemory.DebuggerWrite"/> for
/// breakpoints in text), and choose which debug events stop the guest (KVM_SET_GUEST_DEBUG).
/// Only for use on the vCPU thread while the guest is stopped (<see cref="IGuestDebugger"/>).
/// </summary>
public sealed class GuestDebugTarget
{
    private readonly VirtualMachine _vm;

    internal GuestDebugTarget(VirtualMachine vm)
    {
        _vm = vm;
        SupportedControl = QuerySupportedControl(vm.Kvm);
    }

    /// <summary>Guest memory (guest-physical = guest-virtual in an hvt guest, docs/hvt-abi.md §2.3).</summary>
    public GuestMemory Memory => _vm.Memory;

    /// <summary>The KVM_GUESTDBG_* flags this KVM accepts (KVM_CAP_SET_GUEST_DEBUG2), or 0 without guest debugging.</summary>
    public uint SupportedControl { get; }

    public KvmRegs ReadRegisters() => _vm.Vcpu.GetRegs();

    public void WriteRegisters(in KvmRegs registers) => _vm.Vcpu.SetRegs(registers);

    public KvmSregs ReadSpecialRegisters() => _vm.Vcpu.GetSregs();

    /// <summary>Which debug events end KVM_RUN from the next entry on.</summary>
    public void SetGuestDebug(in KvmGuestDebug control) => _vm.Vcpu.SetGuestDebug(control);

    private static uint QuerySupportedControl(Kvm kvm)
    {
        int flags = kvm.CheckExtension(KvmIoctls.KVM_CAP_SET_GUEST_DEBUG2);
        if (flags > 0) return (uint)flags;
        // Kernels before the capability report only whether guest debugging exists; on x86 that
        // has always meant these four.
        return kvm.CheckExtension(KvmIoctls.KVM_CAP_SET_GUEST_DEBUG) > 0
            ? KvmGuestDebug.KVM_GUESTDBG_ENABLE | KvmGuestDebug.KVM_GUESTDBG_SINGLESTEP
              | KvmGuestDebug.KVM_GUESTDBG_USE_SW_BP | KvmGuestDebug.KVM_GUESTDBG_USE_HW_BP
            : 0;
    }
}
