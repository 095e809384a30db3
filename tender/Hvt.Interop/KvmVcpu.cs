namespace Solo5Net.Interop;

/// <summary>A KVM vCPU descriptor and its shared kvm_run area.</summary>
public sealed class KvmVcpu : IDisposable
{
    public int Fd { get; private set; }

    public KvmRunArea Run { get; }

    internal KvmVcpu(int fd, KvmRunArea run)
    {
        Fd = fd;
        Run = run;
    }

    /// <summary>KVM_RUN once; returns 0 or -errno (EINTR, EFAULT, …) so the run loop can decide.</summary>
    public int TryRun() => Libc.TryIoctl(Fd, KvmIoctls.KVM_RUN, 0);

    public KvmRegs GetRegs()
    {
        var regs = default(KvmRegs);
        Libc.Ioctl(Fd, KvmIoctls.KVM_GET_REGS, "KVM_GET_REGS", ref regs);
        return regs;
    }

    public void SetRegs(in KvmRegs regs)
    {
        var copy = regs;
        Libc.Ioctl(Fd, KvmIoctls.KVM_SET_REGS, "KVM_SET_REGS", ref copy);
    }

    public KvmSregs GetSregs()
    {
        var sregs = default(KvmSregs);
        Libc.Ioctl(Fd, KvmIoctls.KVM_GET_SREGS, "KVM_GET_SREGS", ref sregs);
        return sregs;
    }

    public void SetSregs(in KvmSregs sregs)
    {
        var copy = sregs;
        Libc.Ioctl(Fd, KvmIoctls.KVM_SET_SREGS, "KVM_SET_SREGS", ref copy);
    }

    /// <summary>KVM_SET_CPUID2 with a raw kvm_cpuid2 buffer (as returned by <see cref="Kvm.GetSupportedCpuid"/>).</summary>
    public unsafe void SetCpuid2(byte[] cpuid)
    {
        fixed (byte* p = cpuid)
        {
            int r = Libc.TryIoctl(Fd, KvmIoctls.KVM_SET_CPUID2, (nint)p);
            if (r < 0) throw new SystemCallException("ioctl(KVM_SET_CPUID2)", -r);
        }
    }

    /// <summary>KVM_GET_TSC_KHZ; returns the frequency in kHz or -errno.</summary>
    public int TryGetTscKhz() => Libc.TryIoctl(Fd, KvmIoctls.KVM_GET_TSC_KHZ, 0);

    public void Dispose()
    {
        if (Fd < 0) return;
        Run.Dispose();
        Libc.close_raw(Fd);
        Fd = -1;
    }
}
