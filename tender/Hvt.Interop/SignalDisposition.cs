using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>Signal dispositions of the process: the default action put back, or a handler that only
/// interrupts.</summary>
public static unsafe partial class SignalDisposition
{
    private static readonly nint SigDfl = 0;
    private const int SA_RESTART = 0x10000000;

    /// <summary>glibc's struct sigaction on x86_64 (its sa_restorer is filled by sigaction itself).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 152)]
    private struct SigAction
    {
        [FieldOffset(0)] public nint Handler;
        [FieldOffset(136)] public int Flags;
    }

    /// <summary>The C code linked into the native tender (tender/Hvt.Tender/Native/).</summary>
    private const string TenderNative = "hvt-tender-native";

    [LibraryImport(TenderNative, EntryPoint = "solo5net_interrupt_only_handler")]
    private static partial nint interrupt_only_handler();

    [LibraryImport(Libc.Library, EntryPoint = "signal", SetLastError = true)]
    private static partial nint signal(int signum, nint handler);

    [LibraryImport(Libc.Library, EntryPoint = "sigaction", SetLastError = true)]
    private static partial int sigaction_raw(int signum, SigAction* action, SigAction* old);

    /// <summary>Puts <paramref name="signalNumber"/> back to its default action (SIG_DFL). A program
    /// started in the background by a non-interactive shell inherits SIGINT ignored, and an ignored
    /// signal is discarded before anything can read it; solo5-hvt catches SIGINT whatever it
    /// inherited, so the tender resets it first.</summary>
    public static void ResetToDefault(int signalNumber)
    {
        if (signal(signalNumber, SigDfl) == -1)
            throw Libc.Fail($"signal({signalNumber})");
    }

    /// <summary>
    /// Gives <paramref name="signalNumber"/> a handler that does nothing, so that sending it to a thread
    /// interrupts the thread's KVM_RUN or epoll_wait (EINTR) instead of ending the process. The handler
    /// is native code without effect: managed code may not run in a signal handler, and the runtime's
    /// own way (PosixSignalRegistration) starts a thread to dispatch signals. Calls that can be
    /// restarted are, as they were under the runtime's handler.
    /// </summary>
    public static void InterruptOnly(int signalNumber)
    {
        var action = new SigAction { Handler = DoNothingHandler(), Flags = SA_RESTART };
        if (sigaction_raw(signalNumber, &action, null) != 0)
            throw Libc.Fail($"sigaction({signalNumber})");
    }

    /// <summary>The static native tender's own empty handler; in a dynamically linked build (the JIT
    /// build the tests load) the C library's getpid, looked up in the program's global scope, which
    /// has no effect either.</summary>
    private static nint DoNothingHandler() =>
        NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "getpid", out var getpid) ? getpid : interrupt_only_handler();
}
