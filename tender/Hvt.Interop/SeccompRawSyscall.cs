using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>
/// syscall(2) with a number and raw arguments, for checking a seccomp filter: it makes exactly the
/// call (number and arguments) the filter is meant to judge, which no typed wrapper does for calls
/// such as execve, fork or mount that the project otherwise never makes. Returns the result or -errno.
/// </summary>
public static partial class RawSyscall
{
    [LibraryImport(Libc.Library, EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall_raw(long number, nint a0, nint a1, nint a2, nint a3, nint a4, nint a5);

    public static long Invoke(long number, nint a0 = 0, nint a1 = 0, nint a2 = 0, nint a3 = 0, nint a4 = 0, nint a5 = 0)
    {
        long r = syscall_raw(number, a0, a1, a2, a3, a4, a5);
        return r < 0 ? -Libc.LastErrno : r;
    }
}
