using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>_exit(2): the way out when an orderly exit cannot finish in time.</summary>
public static partial class ImmediateExit
{
    [LibraryImport(Libc.Library, EntryPoint = "_exit")]
    private static partial void exit_raw(int status);

    /// <summary>Ends the process at once: no exit handlers run, the kernel releases every descriptor and mapping.</summary>
    public static void Now(int status) => exit_raw(status);
}
