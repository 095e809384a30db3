using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>memfd seals (fcntl(2) F_ADD_SEALS/F_GET_SEALS): once a file is sealed against shrinking,
/// no process that holds it can truncate it under another's mapping.</summary>
public static partial class FileSeals
{
    public const int Seal = 0x1, Shrink = 0x2, Grow = 0x4, Write = 0x8;
    private const int F_ADD_SEALS = 1033, F_GET_SEALS = 1034;

    [LibraryImport(Libc.Library, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int fcntl_raw(int fd, int cmd, int arg);

    /// <summary>Adds <paramref name="seals"/> to a memfd created with MFD_ALLOW_SEALING.</summary>
    public static void Add(int fd, int seals)
    {
        if (fcntl_raw(fd, F_ADD_SEALS, seals) < 0) throw Libc.Fail("fcntl(F_ADD_SEALS)");
    }

    /// <summary>The file's seals; 0 for a file that cannot carry any (not a memfd, or one created without sealing).</summary>
    public static int Of(int fd)
    {
        int seals = fcntl_raw(fd, F_GET_SEALS, 0);
        if (seals >= 0) return seals;
        if (Libc.LastErrno == Errno.EINVAL) return 0;
        throw Libc.Fail("fcntl(F_GET_SEALS)");
    }
}
