using Solo5Net.Interop;

namespace Solo5Net.VfioUser;

/// <summary>
/// The client side of vfio-user: one request at a time, each answered before the next is sent,
/// except posted writes (<see cref="RegionWritePosted"/>), which the server is asked not to answer.
/// Failures throw <see cref="VfioUserException"/> naming the command and errno (an error reply,
/// or Errno.EPROTO/ETIMEDOUT/ECONNRESET for a broken exchange). Not thread-safe: callers serialize.
/// </summary>
public sealed class VfioUserClient : IDisposable
{
    /// <summary>Commands of the server's own a reply may come after (each is refused) before the
    /// server is taken for flooding.</summary>
    private const int MaxCommandsPerReply = 64;

    private readonly MessageChannel _channel;
    private readonly PostedWriteWindow _posted = new();
    private ushort _nextId;

    private VfioUserClient(MessageChannel channel, int timeoutMs)
    {
        _channel = channel;
        TimeoutMs = timeoutMs;
    }

    /// <summary>How long to wait for each reply.</summary>
    public int TimeoutMs { get; set; }

    /// <summary>What the server agreed to in <see cref="Negotiate"/> (protocol defaults before).</summary>
    public Capabilities ServerCapabilities { get; private set; } = Capabilities.Defaults;

    public ushort ServerMinorVersion { get; private set; }

    /// <summary>Posted writes the server answered with an error although asked not to answer
    /// (hvt-devemu never does: it logs them). The write had no effect; nobody else learns of it.</summary>
    public long RefusedPostedWrites { get; private set; }

    /// <summary>The socket, e.g. to learn when the server hangs up.</summary>
    public int SocketFd => _channel.Fd;

    /// <summary>Connects to the server listening at <paramref name="socketPath"/>.</summary>
    public static VfioUserClient Connect(string socketPath, int timeoutMs = 5000)
    {
        try
        {
            return new VfioUserClient(MessageChannel.Connect(socketPath), timeoutMs);
        }
        catch (SystemCallException e)
        {
            throw new VfioUserException(Command.Version, e.ErrorNumber, $"cannot connect to {socketPath}");
        }
    }

    /// <summary>VERSION: proposes 0.1 with <paramref name="proposal"/> and keeps what the server accepts.</summary>
    public Capabilities Negotiate(Capabilities? proposal = null)
    {
        proposal ??= new Capabilities(MaxMsgFds: 8);
        using var reply = Request(Command.Version,
            new VersionPayload(VersionPayload.CurrentMajor, VersionPayload.CurrentMinor, proposal).Encode());
        var version = Decode(Command.Version, () => VersionPayload.Decode(reply.Payload));
        if (version.Major != VersionPayload.CurrentMajor || version.Minor > VersionPayload.CurrentMinor)
            throw new VfioUserException(Command.Version, Errno.EINVAL,
                $"server speaks {version.Major}.{version.Minor}, client {VersionPayload.CurrentMajor}.{VersionPayload.CurrentMinor}");
        ServerMinorVersion = version.Minor;
        ServerCapabilities = version.Capabilities;
        return ServerCapabilities;
    }

    public DeviceInfo GetDeviceInfo()
    {
        using var reply = Request(Command.DeviceGetInfo, DeviceInfo.EncodeRequest());
        return Decode(Command.DeviceGetInfo, () => DeviceInfo.Decode(reply.Payload));
    }

    /// <summary>
    /// DEVICE_GET_REGION_INFO for region <paramref name="index"/>, capabilities included. A mappable
    /// region's reply may carry a descriptor: returned in <see cref="RegionDescription.MmapFd"/>
    /// (owned by the description: the caller disposes it), null when none came.
    /// </summary>
    public RegionDescription GetRegionInfo(uint index)
    {
        uint argSize = 256;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            using var reply = Request(Command.DeviceGetRegionInfo, RegionInfo.EncodeRequest(index, argSize));
            var info = Decode(Command.DeviceGetRegionInfo, () => RegionInfo.Decode(reply.Payload));
            if ((info.Flags & RegionFlags.Capabilities) != 0 && info.CapabilityOffset == 0 && info.ArgSize > argSize && attempt == 0)
            {
                argSize = info.ArgSize;
                continue;
            }
            return new RegionDescription(info, reply.FdCount > 0 ? reply.TakeFd(0) : (FileDescriptor?)null);
        }
        throw new VfioUserException(Command.DeviceGetRegionInfo, Errno.EPROTO, "server keeps asking for a larger argsz");
    }

    public IrqInfo GetIrqInfo(uint index)
    {
        using var reply = Request(Command.DeviceGetIrqInfo, IrqInfo.EncodeRequest(index));
        return Decode(Command.DeviceGetIrqInfo, () => IrqInfo.Decode(reply.Payload));
    }

    /// <summary>Wires vectors [start, start + eventfds.Length) of <paramref name="index"/> to eventfds
    /// (the server signals them); an empty list disables the whole index (DATA_NONE, count 0).</summary>
    public void SetIrqEventfds(uint index, uint start, ReadOnlySpan<int> eventfds)
    {
        if (eventfds.IsEmpty)
        {
            SetIrqs(new SetIrqsRequest(IrqSetFlags.DataNone | IrqSetFlags.ActionTrigger, index, 0, 0));
            return;
        }
        var request = new SetIrqsRequest(IrqSetFlags.DataEventfd | IrqSetFlags.ActionTrigger, index, start, (uint)eventfds.Length);
        using var _ = Request(Command.DeviceSetIrqs, request.Encode(), eventfds);
    }

    /// <summary>DEVICE_SET_IRQS with any flags and no descriptors (mask, unmask, trigger, disable).</summary>
    public void SetIrqs(SetIrqsRequest request)
    {
        using var _ = Request(Command.DeviceSetIrqs, request.Encode());
    }

    /// <summary>Reads <paramref name="destination"/>.Length bytes of region <paramref name="region"/> at <paramref name="offset"/>.
    /// Allocates nothing (a trapped access of the guest is one of these).</summary>
    public void RegionRead(uint region, ulong offset, Span<byte> destination)
    {
        CheckTransferSize(Command.RegionRead, destination.Length);
        Span<byte> request = stackalloc byte[RegionAccess.Length];
        new RegionAccess(offset, region, (uint)destination.Length).WriteTo(request);
        using var reply = Exchange(Command.RegionRead, request, default, default);
        try
        {
            var access = RegionAccess.Decode(reply.Payload);
            if (access.Count != destination.Length)
                throw new VfioUserProtocolException($"asked for {destination.Length} bytes, got {access.Count}");
            access.DataOf(reply.Payload).CopyTo(destination);
        }
        catch (VfioUserProtocolException e)
        {
            throw Malformed(Command.RegionRead, e);
        }
    }

    /// <summary>Writes <paramref name="data"/> to region <paramref name="region"/> at <paramref name="offset"/>. Allocates nothing.</summary>
    public void RegionWrite(uint region, ulong offset, ReadOnlySpan<byte> data)
    {
        CheckTransferSize(Command.RegionWrite, data.Length);
        Span<byte> request = stackalloc byte[RegionAccess.Length];
        new RegionAccess(offset, region, (uint)data.Length).WriteTo(request);
        using var _ = Exchange(Command.RegionWrite, request, data, default);
    }

    /// <summary>
    /// Writes <paramref name="data"/> to region <paramref name="region"/> at <paramref name="offset"/>
    /// without waiting for the server: REGION_WRITE with the no-reply flag, as a PCI memory write is
    /// posted. Returns once the message is in the socket, bounded by <see cref="TimeoutMs"/> when the
    /// server stops reading (ETIMEDOUT, as any request). Ordering holds: the server handles one
    /// connection's messages in order, so a later request's reply means the write has taken effect.
    /// A server that refuses the write does not say so (unless it answers anyway: <see cref="RefusedPostedWrites"/>).
    /// Allocates nothing.
    /// </summary>
    public void RegionWritePosted(uint region, ulong offset, ReadOnlySpan<byte> data)
    {
        CheckTransferSize(Command.RegionWrite, data.Length);
        Span<byte> request = stackalloc byte[RegionAccess.Length];
        new RegionAccess(offset, region, (uint)data.Length).WriteTo(request);
        ushort id = _nextId++;
        try
        {
            _channel.SendCommand(id, Command.RegionWrite, request, data, default, noReply: true, timeoutMs: TimeoutMs);
        }
        catch (Exception e) when (e is VfioUserProtocolException or SystemCallException)
        {
            throw Failure(Command.RegionWrite, e);
        }
        _posted.Add(id);
    }

    public uint RegionRead32(uint region, ulong offset)
    {
        Span<byte> b = stackalloc byte[4];
        RegionRead(region, offset, b);
        return BitConverter.ToUInt32(b);
    }

    public void RegionWrite32(uint region, ulong offset, uint value) => RegionWrite(region, offset, BitConverter.GetBytes(value));

    public ulong RegionRead64(uint region, ulong offset)
    {
        Span<byte> b = stackalloc byte[8];
        RegionRead(region, offset, b);
        return BitConverter.ToUInt64(b);
    }

    public void RegionWrite64(uint region, ulong offset, ulong value) => RegionWrite(region, offset, BitConverter.GetBytes(value));

    /// <summary>Shares [fileOffset, fileOffset + size) of <paramref name="memoryFd"/> with the device at
    /// <paramref name="iova"/>. The descriptor stays the caller's (the server receives its own copy).</summary>
    public void DmaMap(int memoryFd, ulong fileOffset, ulong iova, ulong size, DmaProtection protection)
    {
        var request = new DmaMapRequest(protection, fileOffset, iova, size);
        using var _ = Request(Command.DmaMap, request.Encode(), [memoryFd]);
    }

    public void DmaUnmap(ulong iova, ulong size)
    {
        using var _ = Request(Command.DmaUnmap, new DmaUnmapRequest(DmaUnmapFlags.None, iova, size).Encode());
    }

    public void Reset()
    {
        using var _ = Request(Command.DeviceReset, ReadOnlySpan<byte>.Empty);
    }

    /// <summary>Sends one command and returns its reply (the caller disposes it; it is valid until the next request).</summary>
    public Message Request(Command command, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default) =>
        Exchange(command, payload, default, fds);

    /// <summary>One command whose payload is <paramref name="fixedPart"/> then <paramref name="data"/>, and its reply.</summary>
    private Message Exchange(Command command, ReadOnlySpan<byte> fixedPart, ReadOnlySpan<byte> data, ReadOnlySpan<int> fds)
    {
        ushort id = _nextId++;
        try
        {
            // One bound for the whole exchange: sending (a server that stops reading fills the
            // socket buffer), then the reply.
            long deadline = Environment.TickCount64 + TimeoutMs;
            _channel.SendCommand(id, command, fixedPart, data, fds, timeoutMs: TimeoutMs);
            int commands = 0;
            while (true)
            {
                int left = (int)Math.Max(0, deadline - Environment.TickCount64);
                var message = _channel.Receive(left)
                    ?? throw new VfioUserException(command, Errno.ECONNRESET, "server closed the connection");
                if (message.Header.Type == MessageType.Command)
                {
                    if (++commands > MaxCommandsPerReply)
                    {
                        message.Dispose();
                        throw new VfioUserException(command, Errno.EPROTO, "server sent too many commands while a reply was due");
                    }
                    // This client always shares memory by descriptor, so it serves no DMA_READ/WRITE.
                    if (!message.Header.NoReply)
                        _channel.SendError(message.Header.MessageId, message.Header.Command, Errno.EOPNOTSUPP,
                            (int)Math.Max(0, deadline - Environment.TickCount64));
                    message.Dispose();
                    continue;
                }
                if (message.Header.MessageId != id || message.Header.Command != command)
                {
                    var got = message.Header;
                    message.Dispose();
                    // A server may answer a posted write although asked not to; each such answer
                    // retires at least one posted write, so this cannot go on for ever.
                    if (_posted.TryRetire(got))
                    {
                        if (got.IsError) RefusedPostedWrites++;
                        continue;
                    }
                    throw new VfioUserException(command, Errno.EPROTO, $"reply #{got.MessageId} {got.Command} does not answer request #{id}");
                }
                _posted.Clear();
                if (message.Header.IsError)
                {
                    message.Dispose();
                    throw new VfioUserException(command, (int)message.Header.Errno);
                }
                return message;
            }
        }
        catch (Exception e) when (e is VfioUserProtocolException or SystemCallException)
        {
            throw Failure(command, e);
        }
    }

    /// <summary>A broken exchange as the error callers handle: ETIMEDOUT for a bound that ran out,
    /// EPROTO for a malformed message, the system call's errno otherwise (EPIPE, ECONNRESET).</summary>
    private static VfioUserException Failure(Command command, Exception e) => e switch
    {
        VfioUserTimeoutException => new VfioUserException(command, Errno.ETIMEDOUT, e.Message),
        SystemCallException s => new VfioUserException(command, s.ErrorNumber, s.Message),
        _ => new VfioUserException(command, Errno.EPROTO, e.Message),
    };

    /// <summary>From any thread, without waiting for the caller that owns the client: the request in
    /// progress (if any) and every later one fail at once (ECONNRESET/EPIPE), so no thread stays
    /// waiting on the server.</summary>
    public void Abort() => _channel.Abort();

    public void Dispose() => _channel.Dispose();

    private void CheckTransferSize(Command command, int length)
    {
        if ((uint)length > ServerCapabilities.MaxDataXferSize)
            throw new VfioUserException(command, Errno.E2BIG,
                $"{length} bytes exceed the server's max_data_xfer_size {ServerCapabilities.MaxDataXferSize}");
    }

    private static T Decode<T>(Command command, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (VfioUserProtocolException e)
        {
            throw Malformed(command, e);
        }
    }

    private static VfioUserException Malformed(Command command, VfioUserProtocolException e) =>
        new(command, Errno.EPROTO, "malformed reply: " + e.Message);
}

/// <summary>A region as the server describes it, owning the descriptor to map it by, if one came (disposing closes it).</summary>
public sealed record RegionDescription(RegionInfo Info, FileDescriptor? MmapFd) : IDisposable
{
    public bool Readable => (Info.Flags & RegionFlags.Read) != 0;
    public bool Writable => (Info.Flags & RegionFlags.Write) != 0;
    public bool Mappable => (Info.Flags & RegionFlags.Mmap) != 0 && MmapFd != null;

    public void Dispose() => MmapFd?.Dispose();
}
