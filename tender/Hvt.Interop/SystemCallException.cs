namespace Solo5Net.Interop;

/// <summary>
/// A failed system call, described as "call: ERRNAME (n)", e.g. "ioctl(KVM_RUN): EFAULT (14)".
/// </summary>
public sealed class SystemCallException : Exception
{
    public SystemCallException(string call, int errno)
        : base($"{call}: {Solo5Net.Interop.Errno.Name(errno)} ({errno})")
    {
        Call = call;
        ErrorNumber = errno;
    }

    /// <summary>The system call (and for ioctl, the request name) that failed.</summary>
    public string Call { get; }

    /// <summary>The raw errno value.</summary>
    public int ErrorNumber { get; }
}
