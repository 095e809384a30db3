namespace Solo5Net.Hvt.Security;

/// <summary>How the filter judges an allowed system call's arguments. A call with no rule is refused.</summary>
public enum ArgumentCheck
{
    /// <summary>Allowed with any arguments.</summary>
    None,

    /// <summary>Always fails with ENOSYS, so that callers (glibc) fall back to an older call the filter can judge.</summary>
    Unavailable,

    /// <summary>clone: allowed only with CLONE_THREAD in the flags (argument 0), i.e. a new thread, never a new process.</summary>
    ThreadsOnly,

    /// <summary>open/openat: allowed only without O_WRONLY, O_RDWR, O_CREAT, O_TRUNC and O_TMPFILE in
    /// the flags (argument <see cref="SyscallRule.Argument"/>): reading, never creating or changing a file by name.</summary>
    ReadOnlyOpen,

    /// <summary>kill/tgkill/rt_*sigqueueinfo: allowed only when the target process (argument 0) is the tender.</summary>
    OwnProcessOnly,

    /// <summary>prlimit64, sched_getaffinity and the like: allowed only for pid 0 (the caller) or the tender's pid
    /// (argument <see cref="SyscallRule.Argument"/>).</summary>
    OwnProcessOrSelf,

    /// <summary>ioctl: allowed only with a request number of <see cref="SeccompPolicy.IoctlRules"/> for the thread's role (argument 1).</summary>
    ListedRequests,

    /// <summary>fcntl/prctl: allowed only when argument <see cref="SyscallRule.Argument"/> is one of <see cref="SyscallRule.Values"/>.</summary>
    OneOf,

    /// <summary>mmap/mprotect: allowed only without PROT_EXEC in the protection (argument
    /// <see cref="SyscallRule.Argument"/>), unless the policy allows executable memory (a JIT needs it).</summary>
    NoExecutableMemory,
}

/// <summary>One allowed x86_64 system call: the threads that may make it, its argument check and why it is needed.</summary>
public sealed record SyscallRule(string Name, int Number, ThreadRoles Roles, string Reason,
    ArgumentCheck Check = ArgumentCheck.None, int Argument = 0, uint[]? Values = null);

/// <summary>One allowed ioctl request number, the threads that may use it and why.</summary>
public sealed record IoctlRule(string Name, uint Request, ThreadRoles Roles, string Reason);
