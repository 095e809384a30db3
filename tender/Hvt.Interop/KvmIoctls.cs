namespace Solo5Net.Interop;

/// <summary>KVM ioctl request numbers, capabilities and exit reasons (linux/kvm.h, x86-64).</summary>
public static class KvmIoctls
{
    private const uint Type = 0xAE;
    private static ulong Io(uint nr) => (Type << 8) | nr;
    private static ulong Ior(uint nr, uint size) => (2UL << 30) | ((ulong)size << 16) | (Type << 8) | nr;
    private static ulong Iow(uint nr, uint size) => (1UL << 30) | ((ulong)size << 16) | (Type << 8) | nr;
    private static ulong Iowr(uint nr, uint size) => (3UL << 30) | ((ulong)size << 16) | (Type << 8) | nr;

    // System fd.
    public static readonly ulong KVM_GET_API_VERSION = Io(0x00);
    public static readonly ulong KVM_CREATE_VM = Io(0x01);
    public static readonly ulong KVM_CHECK_EXTENSION = Io(0x03);
    public static readonly ulong KVM_GET_VCPU_MMAP_SIZE = Io(0x04);
    public static readonly ulong KVM_GET_SUPPORTED_CPUID = Iowr(0x05, 8);

    // VM fd.
    public static readonly ulong KVM_CREATE_VCPU = Io(0x41);
    public static readonly ulong KVM_SET_USER_MEMORY_REGION = Iow(0x46, 32);
    public static readonly ulong KVM_IRQFD = Iow(0x76, 32);
    public static readonly ulong KVM_IOEVENTFD = Iow(0x79, 64);

    // vCPU fd.
    public static readonly ulong KVM_RUN = Io(0x80);
    public static readonly ulong KVM_GET_REGS = Ior(0x81, 144);
    public static readonly ulong KVM_SET_REGS = Iow(0x82, 144);
    public static readonly ulong KVM_GET_SREGS = Ior(0x83, 312);
    public static readonly ulong KVM_SET_SREGS = Iow(0x84, 312);
    public static readonly ulong KVM_SET_CPUID2 = Iow(0x90, 8);
    public static readonly ulong KVM_GET_TSC_KHZ = Io(0xA3);
    public static readonly ulong KVM_SET_GUEST_DEBUG = Iow(0x9B, 72);

    public const int KVM_API_VERSION = 12;

    public const int KVM_CAP_USER_MEMORY = 3;
    public const int KVM_CAP_NR_MEMSLOTS = 10;
    public const int KVM_CAP_IOEVENTFD = 36;
    public const int KVM_CAP_GET_TSC_KHZ = 61;
    public const int KVM_CAP_SET_GUEST_DEBUG = 23;
    /// <summary>Answers with the KVM_GUESTDBG_* flags this KVM accepts (0 where the capability is unknown).</summary>
    public const int KVM_CAP_SET_GUEST_DEBUG2 = 195;
}

/// <summary>kvm_run.exit_reason values.</summary>
public static class KvmExitReason
{
    public const uint Unknown = 0, Exception = 1, Io = 2, Hypercall = 3, Debug = 4, Hlt = 5, Mmio = 6,
        IrqWindowOpen = 7, Shutdown = 8, FailEntry = 9, Intr = 10, InternalError = 17;

    /// <summary>KVM_INTERNAL_ERROR_EMULATION: the in-kernel emulator could not handle an instruction.</summary>
    public const uint InternalErrorEmulation = 1;
}
