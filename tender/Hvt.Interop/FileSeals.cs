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

    /// <summary>What memory shared with a device peer carries: no process that holds it can shrink
    /// or grow it, or change its seals (hvt-devemu maps nothing less, docs/security.md).</summary>
    public const int FixedSize = Shrink | Grow | Seal;

    /// <summary>A memfd of <paramref name="size"/> bytes sealed <see cref="FixedSize"/>;
    /// <paramref name="extraFlags"/> are further memfd_create flags (MFD_HUGETLB).</summary>
    public static FileDescriptor CreateFixedSizeMemory(string name, long size, uint extraFlags = 0)
    {
        using var fd = Libc.MemfdCreate(name, Libc.MFD_CLOEXEC | Libc.MFD_ALLOW_SEALING | extraFlags);
        Libc.Ftruncate(fd.Number, size);
        Add(fd.Number, FixedSize);
        return fd.Transfer();
    }

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
