using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>unlink(2), kept apart from Libc.cs: only a JIT build's confinement uses it, to remove
/// CoreCLR's rendezvous files (RuntimeRendezvousFiles).</summary>
public static partial class Libc
{
    [LibraryImport(Libc.Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(CStringMarshaller))]
    internal static partial int unlink_raw(string path);

    /// <summary>Removes a name; returns 0 or -errno.</summary>
    public static int TryUnlink(string path) => unlink_raw(path) < 0 ? -LastErrno : 0;
}
