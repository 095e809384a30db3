using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>Signal dispositions the process inherited. A program started in the background by a
/// non-interactive shell inherits SIGINT ignored, and .NET then never installs a handler for it;
/// solo5-hvt catches SIGINT whatever it inherited, so the tender resets it first.</summary>
public static partial class SignalDisposition
{
    private static readonly nint SigDfl = 0;

    [LibraryImport(Libc.Library, EntryPoint = "signal", SetLastError = true)]
    private static partial nint signal(int signum, nint handler);

    /// <summary>Puts <paramref name="signalNumber"/> back to its default action (SIG_DFL).</summary>
    public static void ResetToDefault(int signalNumber)
    {
        if (signal(signalNumber, SigDfl) == -1)
            throw Libc.Fail($"signal({signalNumber})");
    }
}
