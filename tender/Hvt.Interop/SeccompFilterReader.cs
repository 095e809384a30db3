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

    [LibraryImport(Libc.Library, EntryPoint = "ptrace", SetLastError = true)]
    private static partial long ptrace_raw(long request, int pid, nint address, nint data);


    /// <summary>Filter <paramref name="index"/> of thread <paramref name="pid"/> (0 = the first installed: the kernel counts from the oldest filter).</summary>
    public static SockFilter[] Read(int pid, int index = 0)
    {
        if (ptrace_raw(PTRACE_SEIZE, pid, 0, 0) < 0) throw Libc.Fail($"ptrace(PTRACE_SEIZE, {pid})");
        try
        {
            if (ptrace_raw(PTRACE_INTERRUPT, pid, 0, 0) < 0) throw Libc.Fail("ptrace(PTRACE_INTERRUPT)");
            WaitForTraceStop(pid);
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

    // Not waitpid: when the target is a child of this process (a test's tender), .NET's own SIGCHLD
    // handling may reap the stop notification first and waitpid would then block for ever. The
    // kernel only needs the tracee stopped, which /proc shows as state 't'.
    private static void WaitForTraceStop(int pid)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            int afterName = stat.LastIndexOf(')');
            if (afterName >= 0 && afterName + 2 < stat.Length && stat[afterName + 2] == 't') return;
            Thread.Sleep(1);
        }
        throw new SystemCallException($"ptrace(PTRACE_INTERRUPT): thread {pid} did not stop within 10 s", Errno.ETIMEDOUT);
    }
}
