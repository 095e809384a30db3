using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>eventfd(2): a kernel counter usable as a wake-up or ioeventfd/irqfd.</summary>
public static unsafe partial class Eventfd
{
    public const int EFD_SEMAPHORE = 1, EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;
    private const int RWF_NOWAIT = 0x8;
    private const ulong MaxCount = 0xFFFF_FFFF_FFFF_FFFE;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [LibraryImport(Libc.Library, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int eventfd_raw(uint initval, int flags);

    [LibraryImport(Libc.Library, EntryPoint = "preadv2", SetLastError = true)]
    private static partial nint preadv2_raw(int fd, IoVec* iov, int iovcnt, long offset, int flags);

    [LibraryImport(Libc.Library, EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(CStringMarshaller))]
    private static partial nint readlink_raw(string path, byte* buffer, nuint size);

    public static FileDescriptor Create(uint initialValue = 0, int flags = EFD_CLOEXEC | EFD_NONBLOCK)
    {
        int fd = eventfd_raw(initialValue, flags | EFD_CLOEXEC);
        if (fd < 0) throw Libc.Fail("eventfd");
        return new FileDescriptor(fd);
    }

    /// <summary>Adds to the counter.</summary>
    public static void Signal(int fd, ulong value = 1)
    {
        Span<byte> b = stackalloc byte[8];
        BitConverter.TryWriteBytes(b, value);
        Libc.Write(fd, b);
    }

    /// <summary>
    /// Reads and resets the counter without ever waiting, whatever the flags of the file description:
    /// a peer that shares the description can clear O_NONBLOCK on it. Returns 0 when it was zero.
    /// preadv2 with RWF_NOWAIT (Linux 5.10 and later) ignores the description's flags; where the
    /// kernel refuses that flag, the counter is read only when poll says it is non-zero.
    /// </summary>
    public static ulong Drain(int fd)
    {
        ulong value = 0;
        var iov = new IoVec { Base = &value, Length = 8 };
        while (true)
        {
            nint n = preadv2_raw(fd, &iov, 1, -1, RWF_NOWAIT);
            if (n == 8) return value;
            int errno = n < 0 ? Libc.LastErrno : Errno.EIO;
            if (errno == Errno.EINTR) continue;
            if (errno == Errno.EAGAIN) return 0;
            if (errno == Errno.EOPNOTSUPP) return DrainIfReadable(fd);
            throw new SystemCallException("preadv2(eventfd)", errno);
        }
    }

    private static ulong DrainIfReadable(int fd)
    {
        if (!UnixSocket.WaitReadable(fd, 0)) return 0;
        Span<byte> b = stackalloc byte[8];
        long n = Libc.TryRead(fd, b);
        if (n == -Errno.EAGAIN) return 0;
        if (n < 0) throw new SystemCallException("read(eventfd)", (int)-n);
        return BitConverter.ToUInt64(b);
    }

    /// <summary>
    /// Adds 1 to the counter of an eventfd another process shares, without waiting: the description
    /// is made non-blocking first (the other process may have cleared O_NONBLOCK), and a counter
    /// too full to take the 1 is left as it is (it is non-zero, so the event is pending anyway).
    /// Returns false when the event could not be added.
    /// </summary>
    public static bool TrySignalShared(int fd)
    {
        int flags = Libc.Fcntl(fd, Libc.F_GETFL);
        if ((flags & Libc.O_NONBLOCK) == 0) Libc.Fcntl(fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK);
        Span<byte> b = stackalloc byte[8];
        BitConverter.TryWriteBytes(b, 1UL);
        long n = Libc.TryWrite(fd, b);
        if (n == 8) return true;
        if (n == -Errno.EAGAIN) return false;
        throw new SystemCallException("write(eventfd)", n < 0 ? (int)-n : Errno.EIO);
    }

    /// <summary>True when <paramref name="fd"/> is an eventfd (its /proc/self/fd link reads "anon_inode:[eventfd]").</summary>
    public static bool IsEventfd(int fd)
    {
        ReadOnlySpan<byte> expected = "anon_inode:[eventfd]"u8;
        byte* target = stackalloc byte[64];
        nint n = readlink_raw($"/proc/self/fd/{fd}", target, 64);
        return n == expected.Length && new ReadOnlySpan<byte>(target, (int)n).SequenceEqual(expected);
    }

    /// <summary>The largest value the counter holds; a write that would pass it waits (or fails with EAGAIN).</summary>
    public static ulong Capacity => MaxCount;
}
