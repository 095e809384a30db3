using Solo5Net.Interop;

namespace Solo5Net.VfioUser;

/// <summary>
/// Frames vfio-user messages on a connected AF_UNIX stream socket: whole messages out (descriptors
/// attached to the first byte), whole messages in (bounded in size, descriptors and time).
/// </summary>
public sealed class MessageChannel : IDisposable
{
    /// <summary>Header + the largest fixed part (32) + the default 1 MiB data transfer.</summary>
    public const int DefaultMaxMessageSize = MessageHeader.Length + 32 + (int)Capabilities.DefaultMaxDataXferSize;

    private readonly FileDescriptor _socket;
    private readonly Lock _abortLock = new();

    /// <summary>Owns <paramref name="connectedSocket"/> from now on.</summary>
    public MessageChannel(FileDescriptor connectedSocket, int maxMessageSize = DefaultMaxMessageSize)
    {
        _socket = connectedSocket;
        Fd = connectedSocket.Number;
        MaxMessageSize = maxMessageSize;
    }

    /// <summary>The socket's number, valid while the channel is not disposed (see <see cref="FileDescriptor"/>).</summary>
    public int Fd { get; }
    public int MaxMessageSize { get; }

    public static MessageChannel Connect(string path) => new(UnixSocket.Connect(path));

    public void SendCommand(ushort id, Command command, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default, bool noReply = false,
        int timeoutMs = -1) =>
        Send(new MessageHeader(id, command, (uint)(MessageHeader.Length + payload.Length), MessageType.Command, noReply), payload, fds, timeoutMs);

    public void SendReply(ushort id, Command command, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default) =>
        Send(new MessageHeader(id, command, (uint)(MessageHeader.Length + payload.Length), MessageType.Reply), payload, fds);

    public void SendError(ushort id, Command command, int errno, int timeoutMs = -1) =>
        Send(new MessageHeader(id, command, MessageHeader.Length, MessageType.Reply, IsError: true, Errno: (uint)errno), default, default, timeoutMs);

    /// <summary>
    /// Sends one message whose header already carries the right size, waiting at most
    /// <paramref name="timeoutMs"/> (-1: forever) for room in the socket buffer: a peer that stops
    /// reading cannot hold the sender for longer. Throws <see cref="VfioUserTimeoutException"/> then.
    /// </summary>
    public void Send(MessageHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds, int timeoutMs = -1)
    {
        if (header.Size != MessageHeader.Length + payload.Length)
            throw new ArgumentException($"header size {header.Size} does not match a {payload.Length}-byte payload");
        var bytes = new byte[header.Size];
        header.WriteTo(bytes);
        payload.CopyTo(bytes.AsSpan(MessageHeader.Length));
        if (timeoutMs < 0)
        {
            int sent = UnixSocket.Send(Fd, bytes, fds);
            while (sent < bytes.Length) sent += UnixSocket.Send(Fd, bytes.AsSpan(sent));
            return;
        }
        SendWithin(bytes, fds, Environment.TickCount64 + timeoutMs, timeoutMs);
    }

    private void SendWithin(byte[] bytes, ReadOnlySpan<int> fds, long deadline, int timeoutMs)
    {
        int done = 0;
        while (done < bytes.Length)
        {
            int n = UnixSocket.TrySend(Fd, bytes.AsSpan(done), done == 0 ? fds : default);
            if (n >= 0)
            {
                done += n;
                continue;
            }
            int left = (int)Math.Max(0, deadline - Environment.TickCount64);
            if (left == 0 || !UnixSocket.WaitWritable(Fd, left) && Environment.TickCount64 >= deadline)
                throw new VfioUserTimeoutException($"the peer took no more of a {bytes.Length}-byte message ({done} sent) within {timeoutMs} ms");
        }
    }

    /// <summary>
    /// Receives one whole message, waiting at most <paramref name="timeoutMs"/> (-1: forever) for
    /// it to start and as long again for the rest. Returns null when the peer closed the socket
    /// between messages. Throws <see cref="VfioUserProtocolException"/> on a message cut short,
    /// a timeout, a size over <see cref="MaxMessageSize"/> (<see cref="OversizedMessageException"/>)
    /// or more descriptors than one message may carry.
    /// </summary>
    public Message? Receive(int timeoutMs = -1)
    {
        var fds = new List<FileDescriptor>();
        try
        {
            var headerBytes = new byte[MessageHeader.Length];
            if (!ReadExactly(headerBytes, fds, timeoutMs, atBoundary: true)) return null;
            var header = MessageHeader.Read(headerBytes);
            if (header.Size > MaxMessageSize) throw new OversizedMessageException(header, MaxMessageSize);
            var payload = new byte[header.PayloadLength];
            ReadExactly(payload, fds, timeoutMs, atBoundary: false);
            var message = new Message(header, payload, fds.ToArray());
            fds.Clear();
            return message;
        }
        finally
        {
            foreach (var fd in fds) fd.Dispose();   // those no message took
        }
    }

    private bool ReadExactly(Span<byte> buffer, List<FileDescriptor> fds, int timeoutMs, bool atBoundary)
    {
        long deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
        int done = 0;
        while (done < buffer.Length)
        {
            int n;
            try
            {
                n = UnixSocket.TryReceive(Fd, buffer[done..], fds, out bool truncated);
                if (truncated || fds.Count > UnixSocket.MaxFdsPerMessage)
                    throw new VfioUserProtocolException($"more than {UnixSocket.MaxFdsPerMessage} descriptors on one message");
            }
            catch (SystemCallException e) when (e.ErrorNumber == Errno.ECONNRESET)
            {
                n = 0;
            }
            if (n < 0)
            {
                int wait = deadline == long.MaxValue ? -1 : (int)Math.Max(0, deadline - Environment.TickCount64);
                if (UnixSocket.WaitReadable(Fd, wait) || Environment.TickCount64 < deadline) continue;
                throw new VfioUserTimeoutException(done == 0 && atBoundary
                    ? $"no message within {timeoutMs} ms" : $"message cut short: {done} of {buffer.Length} bytes within {timeoutMs} ms");
            }
            if (n == 0)
            {
                if (done == 0 && atBoundary) return false;
                throw new VfioUserProtocolException($"connection closed inside a message ({done} of {buffer.Length} bytes)");
            }
            done += n;
        }
        return true;
    }

    /// <summary>
    /// Shuts the connection down without closing the descriptor, from any thread: a send or receive
    /// waiting on it in another thread fails at once, and every later one too. Safe to race with
    /// <see cref="Dispose"/> (once the descriptor is closed, nothing is done).
    /// </summary>
    public void Abort()
    {
        lock (_abortLock)
        {
            if (_socket.IsClosed) return;
            try { UnixSocket.Shutdown(Fd); }
            catch (SystemCallException) { }
        }
    }

    public void Dispose()
    {
        lock (_abortLock) _socket.Dispose();
    }
}

/// <summary>A message header announcing more bytes than the receiver accepts.</summary>
public sealed class OversizedMessageException(MessageHeader header, int limit)
    : VfioUserProtocolException($"message {header.Command} of {header.Size} bytes exceeds the {limit}-byte limit")
{
    public MessageHeader Header { get; } = header;
}
