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
    private readonly Message _frame = new();
    private readonly List<FileDescriptor> _incomingFds = new(UnixSocket.MaxFdsPerMessage);
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
        SendCommand(id, command, payload, default, fds, noReply, timeoutMs);

    /// <summary>A command whose payload is <paramref name="fixedPart"/> followed by <paramref name="data"/>
    /// (e.g. a REGION_WRITE's 16 bytes and the bytes written), sent without copying them together.</summary>
    public void SendCommand(ushort id, Command command, ReadOnlySpan<byte> fixedPart, ReadOnlySpan<byte> data,
        ReadOnlySpan<int> fds = default, bool noReply = false, int timeoutMs = -1) =>
        Send(new MessageHeader(id, command, (uint)(MessageHeader.Length + fixedPart.Length + data.Length), MessageType.Command, noReply),
            fixedPart, data, fds, timeoutMs);

    public void SendReply(ushort id, Command command, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default) =>
        Send(new MessageHeader(id, command, (uint)(MessageHeader.Length + payload.Length), MessageType.Reply), payload, default, fds);

    public void SendError(ushort id, Command command, int errno, int timeoutMs = -1) =>
        Send(new MessageHeader(id, command, MessageHeader.Length, MessageType.Reply, IsError: true, Errno: (uint)errno), default, default, default, timeoutMs);

    /// <summary>Sends one message whose header already carries the right size.</summary>
    public void Send(MessageHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds, int timeoutMs = -1) =>
        Send(header, payload, default, fds, timeoutMs);

    /// <summary>
    /// Sends one message whose payload is <paramref name="fixedPart"/> then <paramref name="data"/> (the
    /// header must carry the right size), allocating nothing, and waiting at most
    /// <paramref name="timeoutMs"/> (-1: forever) for room in the socket buffer: a peer that stops
    /// reading cannot hold the sender for longer. Throws <see cref="VfioUserTimeoutException"/> then.
    /// </summary>
    public void Send(MessageHeader header, ReadOnlySpan<byte> fixedPart, ReadOnlySpan<byte> data, ReadOnlySpan<int> fds, int timeoutMs = -1)
    {
        if (header.Size != MessageHeader.Length + fixedPart.Length + data.Length)
            throw new ArgumentException($"header size {header.Size} does not match a {fixedPart.Length + data.Length}-byte payload");
        Span<byte> headerBytes = stackalloc byte[MessageHeader.Length];
        header.WriteTo(headerBytes);
        ReadOnlySpan<byte> first = headerBytes;
        long deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
        long done = 0;
        while (!(first.IsEmpty && fixedPart.IsEmpty && data.IsEmpty))
        {
            var attached = done == 0 ? fds : default;   // descriptors travel with the first byte
            int sent = timeoutMs < 0
                ? UnixSocket.Send(Fd, first, fixedPart, data, attached)
                : UnixSocket.TrySend(Fd, first, fixedPart, data, attached);
            if (sent >= 0)
            {
                done += sent;
                sent = Skip(ref first, sent);
                sent = Skip(ref fixedPart, sent);
                Skip(ref data, sent);
                continue;
            }
            int left = (int)Math.Max(0, deadline - Environment.TickCount64);
            if (left == 0 || !UnixSocket.WaitWritable(Fd, left) && Environment.TickCount64 >= deadline)
                throw new VfioUserTimeoutException($"the peer took no more of a {header.Size}-byte message ({done} sent) within {timeoutMs} ms");
        }
    }

    /// <summary>Drops up to <paramref name="count"/> sent bytes from the front of <paramref name="part"/>; returns how many are left to drop.</summary>
    private static int Skip(ref ReadOnlySpan<byte> part, int count)
    {
        int taken = Math.Min(count, part.Length);
        part = part[taken..];
        return count - taken;
    }

    /// <summary>
    /// Receives one whole message, waiting at most <paramref name="timeoutMs"/> (-1: forever) for
    /// it to start and as long again for the rest. Returns null when the peer closed the socket
    /// between messages. Throws <see cref="VfioUserProtocolException"/> on a message cut short,
    /// a timeout, a size over <see cref="MaxMessageSize"/> (<see cref="OversizedMessageException"/>)
    /// or more descriptors than one message may carry.
    /// The message is this channel's one frame, reused by the next receive (which also closes the
    /// descriptors nobody took), so a steady exchange allocates nothing.
    /// </summary>
    public Message? Receive(int timeoutMs = -1)
    {
        try
        {
            Span<byte> headerBytes = stackalloc byte[MessageHeader.Length];
            if (!ReadExactly(headerBytes, timeoutMs, atBoundary: true)) return null;
            var header = MessageHeader.Read(headerBytes);
            if (header.Size > MaxMessageSize) throw new OversizedMessageException(header, MaxMessageSize);
            ReadExactly(_frame.Begin(header, header.PayloadLength), timeoutMs, atBoundary: false);
            _frame.Adopt(_incomingFds);
            return _frame;
        }
        finally
        {
            foreach (var fd in _incomingFds) fd.Dispose();   // those no message took
            _incomingFds.Clear();
        }
    }

    private bool ReadExactly(Span<byte> buffer, int timeoutMs, bool atBoundary)
    {
        long deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
        int done = 0;
        while (done < buffer.Length)
        {
            int n;
            try
            {
                n = UnixSocket.TryReceive(Fd, buffer[done..], _incomingFds, out bool truncated);
                if (truncated || _incomingFds.Count > UnixSocket.MaxFdsPerMessage)
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
        _frame.Dispose();
        lock (_abortLock) _socket.Dispose();
    }
}

/// <summary>A message header announcing more bytes than the receiver accepts.</summary>
public sealed class OversizedMessageException(MessageHeader header, int limit)
    : VfioUserProtocolException($"message {header.Command} of {header.Size} bytes exceeds the {limit}-byte limit")
{
    public MessageHeader Header { get; } = header;
}
