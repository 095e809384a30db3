using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>struct epoll_event (packed on x86-64: 12 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
public struct EpollEvent
{
    [FieldOffset(0)] public uint Events;
    [FieldOffset(4)] public ulong Data;
}

/// <summary>epoll(7): readiness notification over many descriptors.</summary>
public static unsafe partial class Epoll
{
    public const uint EPOLLIN = 0x001, EPOLLPRI = 0x002, EPOLLOUT = 0x004, EPOLLERR = 0x008,
        EPOLLHUP = 0x010, EPOLLRDHUP = 0x2000, EPOLLET = 1u << 31;
    public const int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    public const int EPOLL_CLOEXEC = 0x80000;

    [LibraryImport(Libc.Library, EntryPoint = "epoll_create1", SetLastError = true)]
    internal static partial int epoll_create1_raw(int flags);

    [LibraryImport(Libc.Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    internal static partial int epoll_ctl_raw(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport(Libc.Library, EntryPoint = "epoll_wait", SetLastError = true)]
    internal static partial int epoll_wait_raw(int epfd, EpollEvent* events, int maxevents, int timeout);

    public static FileDescriptor Create()
    {
        int fd = epoll_create1_raw(EPOLL_CLOEXEC);
        if (fd < 0) throw Libc.Fail("epoll_create1");
        return new FileDescriptor(fd);
    }

    public static void Add(int epfd, int fd, uint events, ulong data)
    {
        var ev = new EpollEvent { Events = events, Data = data };
        if (epoll_ctl_raw(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) throw Libc.Fail("epoll_ctl(ADD)");
    }

    public static void Modify(int epfd, int fd, uint events, ulong data)
    {
        var ev = new EpollEvent { Events = events, Data = data };
        if (epoll_ctl_raw(epfd, EPOLL_CTL_MOD, fd, &ev) < 0) throw Libc.Fail("epoll_ctl(MOD)");
    }

    public static void Remove(int epfd, int fd)
    {
        if (epoll_ctl_raw(epfd, EPOLL_CTL_DEL, fd, null) < 0) throw Libc.Fail("epoll_ctl(DEL)");
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (-1 forever). Returns the number of events,
    /// or 0 when interrupted by a signal (EINTR) so that callers can re-check their state.
    /// </summary>
    public static int Wait(int epfd, Span<EpollEvent> events, int timeoutMs)
    {
        fixed (EpollEvent* p = events)
        {
            int n = epoll_wait_raw(epfd, p, events.Length, timeoutMs);
            if (n >= 0) return n;
            if (Libc.LastErrno == Errno.EINTR) return 0;
            throw Libc.Fail("epoll_wait");
        }
    }
}
