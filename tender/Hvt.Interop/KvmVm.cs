namespace Solo5Net.Interop;

/// <summary>A KVM virtual machine descriptor: memory slots, ioeventfds, vCPU creation.</summary>
public sealed class KvmVm : IDisposable
{
    private readonly Kvm _kvm;

    private readonly FileDescriptor _fd;

    private int Fd => _fd.Number;

    internal KvmVm(FileDescriptor fd, Kvm kvm)
    {
        _fd = fd;
        _kvm = kvm;
    }

    /// <summary>KVM_SET_USER_MEMORY_REGION: maps <paramref name="size"/> bytes of host memory at <paramref name="gpa"/> (size 0 deletes the slot).</summary>
    public void SetUserMemoryRegion(uint slot, ulong gpa, ulong size, nint hostAddress, uint flags = 0)
    {
        var region = new KvmUserspaceMemoryRegion
        {
            Slot = slot, Flags = flags, GuestPhysAddr = gpa, MemorySize = size, UserspaceAddr = (ulong)hostAddress,
        };
        Libc.Ioctl(Fd, KvmIoctls.KVM_SET_USER_MEMORY_REGION, "KVM_SET_USER_MEMORY_REGION", ref region);
    }

    /// <summary>KVM_IOEVENTFD: a guest write to (<paramref name="address"/>, <paramref name="length"/>) signals <paramref name="eventFd"/> without a VM exit.</summary>
    public void AddIoeventfd(int eventFd, ulong address, uint length, bool pio, ulong? datamatch = null)
    {
        var req = new KvmIoeventfd
        {
            Addr = address, Len = length, Fd = eventFd, Datamatch = datamatch ?? 0,
            Flags = (pio ? KvmIoeventfd.KVM_IOEVENTFD_FLAG_PIO : 0)
                    | (datamatch.HasValue ? KvmIoeventfd.KVM_IOEVENTFD_FLAG_DATAMATCH : 0),
        };
        Libc.Ioctl(Fd, KvmIoctls.KVM_IOEVENTFD, "KVM_IOEVENTFD", ref req);
    }

    /// <summary>Creates vCPU <paramref name="id"/> and maps its kvm_run area.</summary>
    public KvmVcpu CreateVcpu(int id)
    {
        using var fd = new FileDescriptor(Libc.Ioctl(Fd, KvmIoctls.KVM_CREATE_VCPU, "KVM_CREATE_VCPU", (ulong)id));
        int runSize = _kvm.VcpuMmapSize;
        nint run = Libc.Mmap(0, (ulong)runSize, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd.Number, 0);
        return new KvmVcpu(fd.Transfer(), new KvmRunArea(run, runSize));
    }

    public void Dispose() => _fd.Dispose();
}
