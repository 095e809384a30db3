namespace Solo5Net.Interop;

/// <summary>The KVM system descriptor (/dev/kvm): API version, capabilities, VM creation, supported CPUID.</summary>
public sealed class Kvm : IDisposable
{
    public const string DevicePath = "/dev/kvm";

    private readonly FileDescriptor _fd;

    private int Fd => _fd.Number;

    private Kvm(FileDescriptor fd) => _fd = fd;

    /// <summary>Opens /dev/kvm; returns null with <paramref name="errno"/> set when it cannot be opened.</summary>
    public static Kvm? TryOpen(out int errno)
    {
        var fd = Libc.TryOpen(DevicePath, Libc.O_RDWR, out errno);
        return fd == null ? null : new Kvm(fd);
    }

    public int ApiVersion => Libc.Ioctl(Fd, KvmIoctls.KVM_GET_API_VERSION, "KVM_GET_API_VERSION");

    /// <summary>KVM_CHECK_EXTENSION: 0 when unsupported, otherwise a capability-specific positive value.</summary>
    public int CheckExtension(int capability) =>
        Libc.Ioctl(Fd, KvmIoctls.KVM_CHECK_EXTENSION, "KVM_CHECK_EXTENSION", (ulong)capability);

    public int VcpuMmapSize => Libc.Ioctl(Fd, KvmIoctls.KVM_GET_VCPU_MMAP_SIZE, "KVM_GET_VCPU_MMAP_SIZE");

    public KvmVm CreateVm() => new(new FileDescriptor(Libc.Ioctl(Fd, KvmIoctls.KVM_CREATE_VM, "KVM_CREATE_VM")), this);

    /// <summary>KVM_GET_SUPPORTED_CPUID with room for <paramref name="maxEntries"/> entries; returns the raw kvm_cpuid2 buffer.</summary>
    public unsafe byte[] GetSupportedCpuid(int maxEntries = 100)
    {
        var buffer = new byte[8 + maxEntries * sizeof(KvmCpuidEntry2)];
        BitConverter.TryWriteBytes(buffer, (uint)maxEntries);
        fixed (byte* p = buffer)
        {
            int r = Libc.TryIoctl(Fd, KvmIoctls.KVM_GET_SUPPORTED_CPUID, (nint)p);
            if (r < 0) throw new SystemCallException("ioctl(KVM_GET_SUPPORTED_CPUID)", -r);
        }
        int count = BitConverter.ToInt32(buffer, 0);
        return buffer.AsSpan(0, 8 + count * sizeof(KvmCpuidEntry2)).ToArray();
    }

    public void Dispose() => _fd.Dispose();
}
