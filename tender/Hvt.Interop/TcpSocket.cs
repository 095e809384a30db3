using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>
/// TCP over IPv4 on the loopback interface only (tcp(7)): a listener bound to 127.0.0.1, one accepted
/// connection, blocking sends and receives. Every wrapper retries on EINTR and throws
/// <see cref="SystemCallException"/> on any other failure.
/// </summary>
public static unsafe partial class TcpSocket
{
    private const int AF_INET = 2, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000, IPPROTO_TCP = 6;
    private const int SOL_SOCKET = 1, SO_REUSEADDR = 2, TCP_NODELAY = 1, MSG_NOSIGNAL = 0x4000;
    private const uint Loopback = 0x7F000001;

    [StructLayout(LayoutKind.Explicit, Size = 16)]
    private struct SockaddrIn
    {
        [FieldOffset(0)] public ushort Family;
        [FieldOffset(2)] public ushort PortNetworkOrder;
        [FieldOffset(4)] public uint AddressNetworkOrder;
    }

    [LibraryImport(Libc.Library, EntryPoint = "send", SetLastError = true)]
    private static partial nint send_raw(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Libc.Library, EntryPoint = "recv", SetLastError = true)]
    private static partial nint recv_raw(int fd, byte* buffer, nuint length, int flags);

    /// <summary>A listening socket on 127.0.0.1:<paramref name="port"/> (SO_REUSEADDR, so a restarted tender can bind again at once).</summary>
    public static FileDescriptor ListenOnLoopback(ushort port, int backlog = 1)
    {
        using var fd = new FileDescriptor(Check(UnixSocket.socket_raw(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket(AF_INET)"));
        SetOption(fd.Number, SOL_SOCKET, SO_REUSEADDR, 1);
        var address = new SockaddrIn
        {
            Family = AF_INET,
            PortNetworkOrder = BinaryPrimitives.ReverseEndianness(port),
            AddressNetworkOrder = BinaryPrimitives.ReverseEndianness(Loopback),
        };
        if (UnixSocket.bind_raw(fd.Number, &address, (uint)sizeof(SockaddrIn)) < 0) throw Libc.Fail($"bind(127.0.0.1:{port})");
        if (UnixSocket.listen_raw(fd.Number, backlog) < 0) throw Libc.Fail("listen");
        return fd.Transfer();
    }

    /// <summary>Waits for one connection and returns it with Nagle's delay off (a request-reply protocol of small packets).</summary>
    public static FileDescriptor Accept(int listeningFd)
    {
        using var connection = UnixSocket.Accept(listeningFd);
        SetOption(connection.Number, IPPROTO_TCP, TCP_NODELAY, 1);
        return connection.Transfer();
    }

    /// <summary>Sends all of <paramref name="data"/>; never raises SIGPIPE (a closed peer is EPIPE).</summary>
    public static void SendAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int sent = 0;
            while (sent < data.Length)
            {
                nint n = send_raw(fd, p + sent, (nuint)(data.Length - sent), MSG_NOSIGNAL);
                if (n >= 0) sent += (int)n;
                else if (Libc.LastErrno != Errno.EINTR) throw Libc.Fail("send");
            }
        }
    }

    /// <summary>Receives up to <paramref name="buffer"/>.Length bytes; 0 at end of stream.</summary>
    public static int Receive(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = recv_raw(fd, p, (nuint)buffer.Length, 0);
                if (n >= 0) return (int)n;
                if (Libc.LastErrno != Errno.EINTR) throw Libc.Fail("recv");
            }
        }
    }

    private static void SetOption(int fd, int level, int name, int value)
    {
        if (UnixSocket.setsockopt_raw(fd, level, name, &value, sizeof(int)) < 0) throw Libc.Fail("setsockopt");
    }

    private static int Check(int result, string call) => result >= 0 ? result : throw Libc.Fail(call);
}
