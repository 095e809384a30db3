namespace Solo5Net.Interop;

/// <summary>A KVM vCPU descriptor and its shared kvm_run area.</summary>
public sealed class KvmVcpu : IDisposable
{
    private readonly FileDescriptor _fd;

    /// <summary>The vCPU's number, read once for KVM_RUN (the hot path; see <see cref="FileDescriptor"/>).</summary>
    private readonly int _number;

    public KvmRunArea Run { get; }

    internal KvmVcpu(FileDescriptor fd, KvmRunArea run)
    {
        _fd = fd;
        _number = fd.Number;
        Run = run;
    }

    /// <summary>KVM_RUN once; returns 0 or -errno (EINTR, EFAULT, …) so the run loop can decide.</summary>
    public int TryRun() => Libc.TryIoctl(_number, KvmIoctls.KVM_RUN, 0);

    public KvmRegs GetRegs()
    {
        var regs = default(KvmRegs);
        Libc.Ioctl(_number, KvmIoctls.KVM_GET_REGS, "KVM_GET_REGS", ref regs);
        return regs;
    }

    public void SetRegs(in KvmRegs regs)
    {
        var copy = regs;
        Libc.Ioctl(_number, KvmIoctls.KVM_SET_REGS, "KVM_SET_REGS", ref copy);
    }

    public KvmSregs GetSregs()
    {
        var sregs = default(KvmSregs);
        Libc.Ioctl(_number, KvmIoctls.KVM_GET_SREGS, "KVM_GET_SREGS", ref sregs);
        return sregs;
    }

    public void SetSregs(in KvmSregs sregs)
    {
        var copy = sregs;
        Libc.Ioctl(_number, KvmIoctls.KVM_SET_SREGS, "KVM_SET_SREGS", ref copy);
    }

    /// <summary>KVM_SET_CPUID2 with a raw kvm_cpuid2 buffer (as returned by <see cref="Kvm.GetSupportedCpuid"/>).</summary>
    public unsafe void SetCpuid2(byte[] cpuid)
    {
        fixed (byte* p = cpuid)
        {
            int r = Libc.TryIoctl(_number, KvmIoctls.KVM_SET_CPUID2, (nint)p);
            if (r < 0) throw new SystemCallException("ioctl(KVM_SET_CPUID2)", -r);
        }
    }

    /// <summary>KVM_SET_GUEST_DEBUG: which debug events (single step, int3, debug-register hits) end KVM_RUN.</summary>
    public void SetGuestDebug(in KvmGuestDebug debug)
    {
        var copy = debug;
        Libc.Ioctl(_number, KvmIoctls.KVM_SET_GUEST_DEBUG, "KVM_SET_GUEST_DEBUG", ref copy);
    }

    /// <summary>KVM_GET_TSC_KHZ; returns the frequency in kHz or -errno.</summary>
    public int TryGetTscKhz() => Libc.TryIoctl(_number, KvmIoctls.KVM_GET_TSC_KHZ, 0);

    public void Dispose()
    {
        if (_fd.IsClosed) return;
        Run.Dispose();
        _fd.Dispose();
    }
}
