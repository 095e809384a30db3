using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>Signals to one thread of this process (tgkill(2)), e.g. to make a vCPU thread leave KVM_RUN.</summary>
public static partial class ThreadSignal
{
    /// <summary>A real-time signal the .NET runtime does not use itself (it takes SIGRTMIN, 34 under glibc).</summary>
    public const int Kick = 36;

    [LibraryImport(Libc.Library, EntryPoint = "gettid")]
    private static partial int gettid_raw();

    [LibraryImport(Libc.Library, EntryPoint = "tgkill", SetLastError = true)]
    private static partial int tgkill_raw(int tgid, int tid, int signal);

    /// <summary>The calling thread's kernel id.</summary>
    public static int CurrentThreadId() => gettid_raw();

    /// <summary>Sends <paramref name="signal"/> to thread <paramref name="threadId"/> of this process; false when it is gone.</summary>
    public static bool Send(int threadId, int signal) => tgkill_raw(Libc.GetPid(), threadId, signal) == 0;
}
