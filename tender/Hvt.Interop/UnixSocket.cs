using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>struct pollfd (8 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
public struct PollFd
{
    [FieldOffset(0)] public int Fd;
    [FieldOffset(4)] public short Events;
    [FieldOffset(6)] public short ReturnedEvents;
}

/// <summary>
/// AF_UNIX stream sockets (unix(7)) with file descriptors passed as SCM_RIGHTS ancillary data,
/// plus poll(2) for waiting on them. Every wrapper retries on EINTR and throws
/// <see cref="SystemCallException"/> on any other failure.
/// </summary>
public static unsafe partial class UnixSocket
{
    public const short POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    /// <summary>The most descriptors one message can carry in or out.</summary>
    public const int MaxFdsPerMessage = 16;

    /// <summary>sun_path capacity, including the terminating NUL.</summary>
    public const int MaxPathBytes = 108;

    private const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1, SCM_RIGHTS = 1;
    private const int MSG_CTRUNC = 0x8, MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    private const int SHUT_WR = 1, SHUT_RDWR = 2, SO_SNDTIMEO = 21;
    private const int CmsgHeaderBytes = 16;
    private const int ControlBufferBytes = CmsgHeaderBytes + MaxFdsPerMessage * sizeof(int);

    [StructLayout(LayoutKind.Explicit, Size = 110)]
    private struct SockaddrUn
    {
        [FieldOffset(0)] public ushort Family;
        [FieldOffset(2)] public fixed byte Path[MaxPathBytes];
    }

    [StructLayout(LayoutKind.Explicit, Size = 16)]
    private struct IoVec
    {
        [FieldOffset(0)] public byte* Base;
        [FieldOffset(8)] public nuint Length;
    }

    [StructLayout(LayoutKind.Explicit, Size = 56)]
    private struct MsgHdr
    {
        [FieldOffset(0)] public void* Name;
        [FieldOffset(8)] public uint NameLength;
        [FieldOffset(16)] public IoVec* Iov;
        [FieldOffset(24)] public nuint IovLength;
        [FieldOffset(32)] public byte* Control;
        [FieldOffset(40)] public nuint ControlLength;
        [FieldOffset(48)] public int Flags;
    }

    [LibraryImport(Libc.Library, EntryPoint = "socket", SetLastError = true)]
    internal static partial int socket_raw(int domain, int type, int protocol);

    [LibraryImport(Libc.Library, EntryPoint = "bind", SetLastError = true)]
    internal static partial int bind_raw(int fd, void* addr, uint addrlen);

    [LibraryImport(Libc.Library, EntryPoint = "listen", SetLastError = true)]
    internal static partial int listen_raw(int fd, int backlog);

    [LibraryImport(Libc.Library, EntryPoint = "accept4", SetLastError = true)]
    internal static partial int accept4_raw(int fd, void* addr, uint* addrlen, int flags);

    [LibraryImport(Libc.Library, EntryPoint = "connect", SetLastError = true)]
    internal static partial int connect_raw(int fd, void* addr, uint addrlen);

    [LibraryImport(Libc.Library, EntryPoint = "sendmsg", SetLastError = true)]
    internal static partial nint sendmsg_raw(int fd, void* msg, int flags);

    [LibraryImport(Libc.Library, EntryPoint = "recvmsg", SetLastError = true)]
    internal static partial nint recvmsg_raw(int fd, void* msg, int flags);

    [LibraryImport(Libc.Library, EntryPoint = "shutdown", SetLastError = true)]
    internal static partial int shutdown_raw(int fd, int how);

    [LibraryImport(Libc.Library, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int setsockopt_raw(int fd, int level, int name, void* value, uint length);

    [LibraryImport(Libc.Library, EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(CStringMarshaller))]
    internal static partial int lstat_raw(string path, byte* stat);

    [LibraryImport(Libc.Library, EntryPoint = "poll", SetLastError = true)]
    internal static partial int poll_raw(PollFd* fds, nuint nfds, int timeout);

    /// <summary>Creates a listening socket bound to <paramref name="path"/> (which must not exist).</summary>
    public static FileDescriptor Listen(string path, int backlog = 1)
    {
        var address = Address(path);
        using var fd = NewSocket();
        if (bind_raw(fd.Number, &address, (uint)sizeof(SockaddrUn)) < 0) throw Libc.Fail($"bind({path})");
        if (listen_raw(fd.Number, backlog) < 0) throw Libc.Fail("listen");
        return fd.Transfer();
    }

    /// <summary>Accepts one connection (blocking unless the socket is non-blocking).</summary>
    public static FileDescriptor Accept(int listeningFd)
    {
        while (true)
        {
            int fd = accept4_raw(listeningFd, null, null, SOCK_CLOEXEC);
            if (fd >= 0) return new FileDescriptor(fd);
            if (Libc.LastErrno != Errno.EINTR) throw Libc.Fail("accept4");
        }
    }

    /// <summary>Connects a new stream socket to the listener at <paramref name="path"/>.</summary>
    public static FileDescriptor Connect(string path)
    {
        var address = Address(path);
        using var fd = NewSocket();
        while (connect_raw(fd.Number, &address, (uint)sizeof(SockaddrUn)) < 0)
            if (Libc.LastErrno != Errno.EINTR) throw Libc.Fail($"connect({path})");
        return fd.Transfer();
    }

    /// <summary>
    /// Sends bytes with <paramref name="fds"/> attached (SCM_RIGHTS) in one sendmsg; returns how many
    /// bytes the kernel took (the descriptors travel with the first byte). Never raises SIGPIPE.
    /// </summary>
    public static int Send(int fd, ReadOnlySpan<byte> data, ReadOnlySpan<int> fds = default) =>
        SendCore(fd, data, default, default, fds, 0);

    /// <summary>Like <see cref="Send(int, ReadOnlySpan{byte}, ReadOnlySpan{int})"/> for the bytes of
    /// <paramref name="first"/>, <paramref name="second"/> and <paramref name="third"/> in that order, in one
    /// sendmsg (a message framed from parts without copying them together).</summary>
    public static int Send(int fd, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, ReadOnlySpan<int> fds) =>
        SendCore(fd, first, second, third, fds, 0);

    /// <summary>Like <see cref="Send(int, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{int})"/>
    /// without waiting: returns -1 when the socket buffer has no room.</summary>
    public static int TrySend(int fd, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, ReadOnlySpan<int> fds) =>
        SendCore(fd, first, second, third, fds, MSG_DONTWAIT);

    private static int SendCore(int fd, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, ReadOnlySpan<int> fds, int flags)
    {
        if (fds.Length > MaxFdsPerMessage)
            throw new ArgumentException($"at most {MaxFdsPerMessage} descriptors per message", nameof(fds));
        byte* control = stackalloc byte[ControlBufferBytes];
        IoVec* iov = stackalloc IoVec[3];
        fixed (byte* a = first, b = second, c = third)
        {
            int count = 0;
            if (!first.IsEmpty) iov[count++] = new IoVec { Base = a, Length = (nuint)first.Length };
            if (!second.IsEmpty) iov[count++] = new IoVec { Base = b, Length = (nuint)second.Length };
            if (!third.IsEmpty) iov[count++] = new IoVec { Base = c, Length = (nuint)third.Length };
            var msg = new MsgHdr { Iov = iov, IovLength = (nuint)count };
            if (fds.Length > 0)
            {
                int dataBytes = fds.Length * sizeof(int);
                *(ulong*)control = (ulong)(CmsgHeaderBytes + dataBytes);
                *(int*)(control + 8) = SOL_SOCKET;
                *(int*)(control + 12) = SCM_RIGHTS;
                for (int i = 0; i < fds.Length; i++) ((int*)(control + CmsgHeaderBytes))[i] = fds[i];
                msg.Control = control;
                msg.ControlLength = (nuint)(CmsgHeaderBytes + Alignment.Up(dataBytes, 8));
            }
            while (true)
            {
                nint n = sendmsg_raw(fd, &msg, MSG_NOSIGNAL | flags);
                if (n >= 0) return (int)n;
                int errno = Libc.LastErrno;
                if (errno == Errno.EAGAIN && (flags & MSG_DONTWAIT) != 0) return -1;
                if (errno != Errno.EINTR) throw Libc.Fail("sendmsg");
            }
        }
    }

    /// <summary>
    /// Receives up to <paramref name="data"/>.Length bytes and any descriptors that came with them
    /// (close-on-exec), appended to <paramref name="fds"/>, whose owner the caller becomes. Returns the
    /// byte count, 0 at end of stream. Descriptors beyond <see cref="MaxFdsPerMessage"/> on one call are
    /// closed and reported through <paramref name="fdsTruncated"/>.
    /// </summary>
    public static int Receive(int fd, Span<byte> data, List<FileDescriptor> fds, out bool fdsTruncated) =>
        ReceiveCore(fd, data, fds, 0, out fdsTruncated);

    /// <summary>Like <see cref="Receive"/> without waiting: returns -1 when nothing is there yet.</summary>
    public static int TryReceive(int fd, Span<byte> data, List<FileDescriptor> fds, out bool fdsTruncated) =>
        ReceiveCore(fd, data, fds, MSG_DONTWAIT, out fdsTruncated);

    private static int ReceiveCore(int fd, Span<byte> data, List<FileDescriptor> fds, int flags, out bool fdsTruncated)
    {
        byte* control = stackalloc byte[ControlBufferBytes];
        fixed (byte* p = data)
        {
            var iov = new IoVec { Base = p, Length = (nuint)data.Length };
            var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlBufferBytes };
            nint n;
            fdsTruncated = false;
            while ((n = recvmsg_raw(fd, &msg, MSG_CMSG_CLOEXEC | flags)) < 0)
            {
                int errno = Libc.LastErrno;
                if (errno == Errno.EAGAIN && (flags & MSG_DONTWAIT) != 0) return -1;
                if (errno != Errno.EINTR) throw Libc.Fail("recvmsg");
            }
            fdsTruncated = (msg.Flags & MSG_CTRUNC) != 0;
            int taken = 0;
            for (byte* c = control; c + CmsgHeaderBytes <= control + (nint)msg.ControlLength;)
            {
                ulong length = *(ulong*)c;
                if (length < CmsgHeaderBytes) break;
                if (*(int*)(c + 8) == SOL_SOCKET && *(int*)(c + 12) == SCM_RIGHTS)
                {
                    int count = (int)((length - CmsgHeaderBytes) / sizeof(int));
                    for (int i = 0; i < count; i++)
                    {
                        var received = new FileDescriptor(((int*)(c + CmsgHeaderBytes))[i]);
                        if (taken++ < MaxFdsPerMessage) fds.Add(received);
                        else { received.Dispose(); fdsTruncated = true; }
                    }
                }
                c += Alignment.Up(length, 8);
            }
            return (int)n;
        }
    }

    /// <summary>Waits until one of <paramref name="fds"/> is ready or the timeout passes (-1: forever).
    /// Returns the number of ready entries; 0 on timeout or when interrupted by a signal.</summary>
    public static int Poll(Span<PollFd> fds, int timeoutMs)
    {
        fixed (PollFd* p = fds)
        {
            int n = poll_raw(p, (nuint)fds.Length, timeoutMs);
            if (n >= 0) return n;
            if (Libc.LastErrno == Errno.EINTR) return 0;
            throw Libc.Fail("poll");
        }
    }

    /// <summary>True when <paramref name="fd"/> has data (or end of stream) within the timeout.</summary>
    public static bool WaitReadable(int fd, int timeoutMs)
    {
        Span<PollFd> one = [new PollFd { Fd = fd, Events = POLLIN }];
        return Poll(one, timeoutMs) > 0;
    }

    /// <summary>True when <paramref name="fd"/> can take more bytes (or is broken, so a send fails at once) within the timeout.</summary>
    public static bool WaitWritable(int fd, int timeoutMs)
    {
        Span<PollFd> one = [new PollFd { Fd = fd, Events = POLLOUT }];
        return Poll(one, timeoutMs) > 0;
    }

    /// <summary>True when <paramref name="path"/> names a socket (not following a symbolic link).</summary>
    public static bool IsSocketFile(string path)
    {
        const int StatBytes = 144, StatModeOffset = 24;
        const uint S_IFMT = 0xF000, S_IFSOCK = 0xC000;
        byte* stat = stackalloc byte[StatBytes];
        if (lstat_raw(path, stat) < 0)
        {
            if (Libc.LastErrno == Errno.ENOENT) return false;
            throw Libc.Fail($"lstat({path})");
        }
        return (*(uint*)(stat + StatModeOffset) & S_IFMT) == S_IFSOCK;
    }

    /// <summary>Makes a blocking send give up with EAGAIN after <paramref name="timeoutMs"/> (0: never).</summary>
    public static void SetSendTimeout(int fd, int timeoutMs)
    {
        long* timeval = stackalloc long[2];
        timeval[0] = timeoutMs / 1000;
        timeval[1] = timeoutMs % 1000 * 1000;
        if (setsockopt_raw(fd, SOL_SOCKET, SO_SNDTIMEO, timeval, 16) < 0) throw Libc.Fail("setsockopt(SO_SNDTIMEO)");
    }

    /// <summary>Shuts both directions down, waking any thread blocked on the socket.</summary>
    public static void Shutdown(int fd)
    {
        if (shutdown_raw(fd, SHUT_RDWR) < 0 && Libc.LastErrno != Errno.ENOTCONN) throw Libc.Fail("shutdown");
    }

    /// <summary>Ends the sending direction only: the peer reads what was sent, then end of stream,
    /// and can still send to this side.</summary>
    public static void ShutdownWrite(int fd)
    {
        if (shutdown_raw(fd, SHUT_WR) < 0 && Libc.LastErrno != Errno.ENOTCONN) throw Libc.Fail("shutdown");
    }

    private static FileDescriptor NewSocket()
    {
        int fd = socket_raw(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw Libc.Fail("socket(AF_UNIX)");
        return new FileDescriptor(fd);
    }

    private static SockaddrUn Address(string path)
    {
        int length = Utf8Text.ByteCount(path);
        if (length == 0 || length >= MaxPathBytes)
            throw new ArgumentException($"socket path '{path}' must be 1 to {MaxPathBytes - 1} bytes long", nameof(path));
        var address = new SockaddrUn { Family = AF_UNIX };
        Utf8Text.Write(path, new Span<byte>(address.Path, MaxPathBytes));
        return address;
    }
}
