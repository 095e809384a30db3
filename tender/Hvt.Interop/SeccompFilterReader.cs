using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>
/// Reads the seccomp filter another process runs under (ptrace PTRACE_SECCOMP_GET_FILTER; needs
/// CAP_SYS_ADMIN), to check what a running tender actually installed. The target thread is seized
/// and interrupted for the moment of the read, then let go. All calls must come from one thread
/// (ptrace ties the tracee to the tracing thread).
/// </summary>
public static unsafe partial class SeccompFilterReader
{
    private const int PTRACE_DETACH = 17, PTRACE_SEIZE = 0x4206, PTRACE_INTERRUPT = 0x4207, PTRACE_SECCOMP_GET_FILTER = 0x420c;
    private const int WALL = 0x40000000;

    [LibraryImport("libc", EntryPoint = "ptrace", SetLastError = true)]
    private static partial long ptrace_raw(long request, int pid, nint address, nint data);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int waitpid_raw(int pid, int* status, int options);

    /// <summary>Filter <paramref name="index"/> of thread <paramref name="pid"/> (0 = the most recently installed).</summary>
    public static SockFilter[] Read(int pid, int index = 0)
    {
        if (ptrace_raw(PTRACE_SEIZE, pid, 0, 0) < 0) throw Libc.Fail($"ptrace(PTRACE_SEIZE, {pid})");
        try
        {
            if (ptrace_raw(PTRACE_INTERRUPT, pid, 0, 0) < 0) throw Libc.Fail("ptrace(PTRACE_INTERRUPT)");
            int status;
            if (waitpid_raw(pid, &status, WALL) < 0) throw Libc.Fail("waitpid");
            long count = ptrace_raw(PTRACE_SECCOMP_GET_FILTER, pid, index, 0);
            if (count < 0) throw Libc.Fail("ptrace(PTRACE_SECCOMP_GET_FILTER)");
            var program = new SockFilter[count];
            fixed (SockFilter* buffer = program)
                if (ptrace_raw(PTRACE_SECCOMP_GET_FILTER, pid, index, (nint)buffer) != count)
                    throw Libc.Fail("ptrace(PTRACE_SECCOMP_GET_FILTER)");
            return program;
        }
        finally
        {
            ptrace_raw(PTRACE_DETACH, pid, 0, 0);
        }
    }
}
