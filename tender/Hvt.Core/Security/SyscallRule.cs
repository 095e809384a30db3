namespace Solo5Net.Hvt.Security;

/// <summary>What the filter does with one system call.</summary>
public enum SyscallTreatment
{
    /// <summary>Always fails with EPERM.</summary>
    Refused,

    /// <summary>Always fails with ENOSYS, so that callers (glibc) fall back to an older call the filter can judge.</summary>
    Unavailable,

    /// <summary>clone: allowed only with CLONE_THREAD in the flags (argument 0), i.e. a new thread, never a new process.</summary>
    ThreadsOnly,

    /// <summary>open/openat: allowed only without O_WRONLY, O_RDWR, O_CREAT and O_TRUNC in the flags
    /// (argument <see cref="SyscallRule.Argument"/>); when the policy allows new files, O_CREAT|O_EXCL too.</summary>
    ReadOnlyOpen,

    /// <summary>kill/tgkill/rt_*sigqueueinfo: allowed only when the target (argument 0) is the tender's own process.</summary>
    OwnProcessOnly,

    /// <summary>prlimit64: allowed only for pid 0 (the caller) or the tender's own pid.</summary>
    OwnProcessOrSelf,

    /// <summary>ioctl: allowed except TIOCSTI and TIOCLINUX, which inject input into a terminal.</summary>
    NoTerminalInjection,

    /// <summary>mmap/mprotect/pkey_mprotect: allowed only without PROT_EXEC in the protection
    /// (argument <see cref="SyscallRule.Argument"/>), unless the policy allows executable memory
    /// (a JIT needs it); then not checked at all.</summary>
    NoExecutableMemory,
}

/// <summary>One entry of the seccomp policy: the x86_64 system call, its treatment and why.</summary>
public sealed record SyscallRule(string Name, int Number, SyscallTreatment Treatment, string Reason, int Argument = 0);
