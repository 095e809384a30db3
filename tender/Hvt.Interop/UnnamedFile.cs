using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>
/// A file created without a name in a directory (open(2) O_TMPFILE), and given one later with
/// linkat(2) through /proc/self/fd. Nothing is left in the directory if it is never named, and
/// naming it needs no call that can create a file by path.
/// </summary>
public static partial class Libc
{
    public const int O_TMPFILE = 0x410000;   // includes O_DIRECTORY
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_FOLLOW = 0x400;

    [LibraryImport(Libc.Library, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(CStringMarshaller))]
    private static partial int linkat_raw(int oldDirFd, string oldPath, int newDirFd, string newPath, int flags);

    /// <summary>Creates an unnamed, writable file in <paramref name="directory"/>; null and the errno on failure
    /// (EOPNOTSUPP or EISDIR where the file system has no O_TMPFILE).</summary>
    public static FileDescriptor? TryCreateUnnamed(string directory, out int errno, int mode) =>
        TryOpen(directory, O_TMPFILE | O_RDWR, out errno, mode);

    /// <summary>Gives an unnamed file (<see cref="TryCreateUnnamed"/>) the name <paramref name="path"/>; returns 0 or -errno.</summary>
    public static int TryName(FileDescriptor unnamed, string path) =>
        linkat_raw(AT_FDCWD, $"/proc/self/fd/{unnamed.Number}", AT_FDCWD, path, AT_SYMLINK_FOLLOW) < 0 ? -LastErrno : 0;
}
