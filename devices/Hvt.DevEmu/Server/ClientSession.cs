using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.Pci;
using Solo5Net.Interop;
using Solo5Net.VfioUser;

namespace Solo5Net.DevEmu.Server;

/// <summary>
/// Answers one client's vfio-user commands for one device. A bad request gets an error reply with
/// an errno (and is counted); nothing a client sends can make the server touch memory outside the
/// device's registers or the client's DMA-mapped ranges.
/// </summary>
public sealed class ClientSession(MessageChannel channel, IPciDevice device, DmaSpace dma)
{
    public const uint MaxDataTransfer = Capabilities.DefaultMaxDataXferSize;
    public const uint IrqIndexCount = 3;
    private const uint RegionCount = 9;

    private static readonly Capabilities ServerCapabilities = new(
        MaxMsgFds: UnixSocket.MaxFdsPerMessage, MaxDataXferSize: MaxDataTransfer, MaxDmaMaps: DmaSpace.MaxMappings, PageSizes: 4096);

    private bool _negotiated;

    /// <summary>The fixed part and data of a REGION_READ or REGION_WRITE reply: grows to the largest
    /// access served, so steady traffic allocates nothing.</summary>
    private byte[] _regionReply = new byte[RegionAccess.Length + 64];

    public long Requests { get; private set; }
    public long ErrorReplies { get; private set; }

    /// <summary>Requests that failed but asked for no reply (e.g. a posted REGION_WRITE): the client
    /// is not told, so the server counts them and logs the first.</summary>
    public long UnansweredErrors { get; private set; }

    public long Malformed { get; private set; }

    /// <summary>Handles one message; replies unless the client asked for no reply.</summary>
    public void Handle(Message message)
    {
        var header = message.Header;
        if (header.Type != MessageType.Command)
        {
            Malformed++;
            ReportUnexpectedReply(header.Command);
            return;
        }
        Requests++;
        int errno;
        ReadOnlyMemory<byte> reply = default;
        try
        {
            errno = Dispatch(message, ref reply);
        }
        catch (VfioUserProtocolException e)
        {
            Malformed++;
            Log.Debug($"malformed {header.Command}: {e.Message}");
            errno = Errno.EINVAL;
        }
        catch (Exception e)
        {
            // A defect in a device model must not take the server down with it.
            Log.Warn($"{header.Command} failed inside the device model: {e.GetType().Name}: {e.Message}");
            errno = Errno.EIO;
        }
        if (header.NoReply)
        {
            // No reply, not even an error: the client does not wait for one and may not expect one.
            // The connection stays, as for any refused request.
            if (errno != 0) ReportUnanswered(header.Command, errno);
            return;
        }
        if (errno != 0)
        {
            ErrorReplies++;
            channel.SendError(header.MessageId, header.Command, errno);
        }
        else channel.SendReply(header.MessageId, header.Command, reply.Span);
    }

    private int Dispatch(Message message, ref ReadOnlyMemory<byte> reply)
    {
        var command = message.Header.Command;
        var payload = message.Payload;
        if (command == Command.Version) return Negotiate(payload, ref reply);
        if (!_negotiated) return Errno.EINVAL;
        switch (command)
        {
            case Command.DmaMap:
                if (message.FdCount != 1) return Errno.EINVAL;
                var map = DmaMapRequest.Decode(payload);
                using (var memoryFd = message.TakeFd(0))
                {
                    if (!DmaSpace.IsShrinkProof(memoryFd.Number))
                    {
                        Log.Warn("DMA_MAP refused: the client's memory is not sealed against shrinking (F_SEAL_SHRINK)");
                        return Errno.EPERM;
                    }
                    return dma.Map(map, memoryFd.Number);
                }
            case Command.DmaUnmap:
                var unmap = DmaUnmapRequest.Decode(payload);
                reply = unmap.Encode();
                return dma.Unmap(unmap);
            case Command.DeviceGetInfo:
                DeviceInfo.Decode(payload);
                reply = new DeviceInfo(DeviceFlags.Pci | DeviceFlags.ResetSupported, RegionCount, IrqIndexCount).Encode();
                return 0;
            case Command.DeviceGetRegionInfo:
                return RegionInfoOf(RegionInfo.Decode(payload), ref reply);
            case Command.DeviceGetIrqInfo:
                return IrqInfoOf(IrqInfo.Decode(payload), ref reply);
            case Command.DeviceSetIrqs:
                var set = SetIrqsRequest.Decode(payload);
                return set.Index >= IrqIndexCount ? Errno.EINVAL : device.Interrupts.Apply(set, message);
            case Command.RegionRead:
                return RegionRead(RegionAccess.Decode(payload), ref reply);
            case Command.RegionWrite:
                var access = RegionAccess.Decode(payload);
                return RegionWrite(access, access.DataOf(payload), ref reply);
            case Command.DeviceReset:
                device.Reset();
                return 0;
            default:
                ReportUnsupported(command);
                return Errno.EOPNOTSUPP;
        }
    }

    // Not a lambda in Handle or Dispatch: one capturing their locals would allocate its closure on every call.
    private static void ReportUnexpectedReply(Command command)
    {
        if (Log.FirstTime("unexpected-reply")) Log.Debug($"ignoring a reply ({command}) the server never asked for");
    }

    private void ReportUnanswered(Command command, int errno)
    {
        UnansweredErrors++;
        if (Log.FirstTime("unanswered-" + command))
            Log.Warn($"{command} failed ({Errno.Name(errno)}) and asked for no reply: the client is not told (further ones only counted)");
    }

    private static void ReportUnsupported(Command command)
    {
        if (Log.FirstTime("command-" + command)) Log.Debug($"unsupported command {command}");
    }

    private int Negotiate(ReadOnlySpan<byte> payload, ref ReadOnlyMemory<byte> reply)
    {
        var proposal = VersionPayload.Decode(payload);
        if (proposal.Major != VersionPayload.CurrentMajor) return Errno.EINVAL;
        ushort minor = Math.Min(proposal.Minor, VersionPayload.CurrentMinor);
        reply = new VersionPayload(VersionPayload.CurrentMajor, minor, ServerCapabilities).Encode();
        _negotiated = true;
        return 0;
    }

    private int RegionInfoOf(RegionInfo request, ref ReadOnlyMemory<byte> reply)
    {
        if (request.ArgSize < RegionInfo.Length || request.Index >= RegionCount) return Errno.EINVAL;
        ulong size = RegionSize(request.Index);
        var flags = size == 0 ? RegionFlags.None : RegionFlags.Read | RegionFlags.Write;
        reply = new RegionInfo(RegionInfo.Length, flags, request.Index, 0, size, 0).EncodeReply(request.ArgSize);
        return 0;
    }

    private int IrqInfoOf(IrqInfo request, ref ReadOnlyMemory<byte> reply)
    {
        if (request.Index >= IrqIndexCount) return Errno.EINVAL;
        reply = request.Index == IrqIndex.Intx
            ? new IrqInfo(IrqInfoFlags.Eventfd | IrqInfoFlags.Maskable, IrqIndex.Intx, 1).Encode()
            : new IrqInfo(IrqInfoFlags.Eventfd | IrqInfoFlags.NoResize, request.Index, device.Interrupts.Vectors(request.Index)).Encode();
        return 0;
    }

    private int RegionRead(RegionAccess access, ref ReadOnlyMemory<byte> reply)
    {
        if (!Accessible(access)) return Errno.EINVAL;
        var buffer = RegionReply(RegionAccess.Length + (int)access.Count);
        var data = buffer.AsSpan(RegionAccess.Length, (int)access.Count);
        data.Clear();
        if (access.Region == PciRegion.Config) device.Config.Read((int)access.Offset, data);
        else device.ReadBar((int)access.Region, access.Offset, data);
        access.WriteTo(buffer);
        reply = buffer.AsMemory(0, RegionAccess.Length + (int)access.Count);
        return 0;
    }

    private int RegionWrite(RegionAccess access, ReadOnlySpan<byte> data, ref ReadOnlyMemory<byte> reply)
    {
        if (!Accessible(access)) return Errno.EINVAL;
        if (access.Region == PciRegion.Config) device.Config.Write((int)access.Offset, data);
        else device.WriteBar((int)access.Region, access.Offset, data);
        access.WriteTo(_regionReply);
        reply = _regionReply.AsMemory(0, RegionAccess.Length);
        return 0;
    }

    private byte[] RegionReply(int length)
    {
        if (_regionReply.Length < length) _regionReply = new byte[length];
        return _regionReply;
    }

    private bool Accessible(RegionAccess access)
    {
        if (access.Count == 0 || access.Count > MaxDataTransfer || access.Region >= RegionCount) return false;
        ulong size = RegionSize(access.Region);
        return access.Offset < size && access.Count <= size - access.Offset;
    }

    private ulong RegionSize(uint index)
    {
        if (index == PciRegion.Config) return ConfigSpace.Size;
        if (index > PciRegion.Bar5) return 0;
        var bars = device.Config.Bars;
        for (int i = 0; i < bars.Count; i++)
            if (bars[i].Index == index) return bars[i].Size;
        return 0;
    }
}
