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
    public const uint IrqIndexCount = 2;
    private const uint RegionCount = 9;

    private static readonly Capabilities ServerCapabilities = new(
        MaxMsgFds: UnixSocket.MaxFdsPerMessage, MaxDataXferSize: MaxDataTransfer, MaxDmaMaps: DmaSpace.MaxMappings, PageSizes: 4096);

    private bool _negotiated;

    public long Requests { get; private set; }
    public long ErrorReplies { get; private set; }
    public long Malformed { get; private set; }

    /// <summary>Handles one message; replies unless the client asked for no reply.</summary>
    public void Handle(Message message)
    {
        var header = message.Header;
        if (header.Type != MessageType.Command)
        {
            Malformed++;
            Log.DebugOnce("unexpected-reply", () => $"ignoring a reply ({header.Command}) the server never asked for");
            return;
        }
        Requests++;
        int errno;
        byte[] reply = [];
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
        if (errno != 0) ErrorReplies++;
        if (header.NoReply) return;
        if (errno != 0) channel.SendError(header.MessageId, header.Command, errno);
        else channel.SendReply(header.MessageId, header.Command, reply);
    }

    private int Dispatch(Message message, ref byte[] reply)
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
                reply = access.Encode();
                return RegionWrite(access, access.DataOf(payload));
            case Command.DeviceReset:
                device.Reset();
                return 0;
            default:
                Log.DebugOnce("command-" + command, () => $"unsupported command {command}");
                return Errno.EOPNOTSUPP;
        }
    }

    private int Negotiate(byte[] payload, ref byte[] reply)
    {
        var proposal = VersionPayload.Decode(payload);
        if (proposal.Major != VersionPayload.CurrentMajor) return Errno.EINVAL;
        ushort minor = Math.Min(proposal.Minor, VersionPayload.CurrentMinor);
        reply = new VersionPayload(VersionPayload.CurrentMajor, minor, ServerCapabilities).Encode();
        _negotiated = true;
        return 0;
    }

    private int RegionInfoOf(RegionInfo request, ref byte[] reply)
    {
        if (request.ArgSize < RegionInfo.Length || request.Index >= RegionCount) return Errno.EINVAL;
        ulong size = RegionSize(request.Index);
        var flags = size == 0 ? RegionFlags.None : RegionFlags.Read | RegionFlags.Write;
        reply = new RegionInfo(RegionInfo.Length, flags, request.Index, 0, size, 0).EncodeReply(request.ArgSize);
        return 0;
    }

    private int IrqInfoOf(IrqInfo request, ref byte[] reply)
    {
        if (request.Index >= IrqIndexCount) return Errno.EINVAL;
        reply = request.Index == IrqIndex.Intx
            ? new IrqInfo(IrqInfoFlags.Eventfd | IrqInfoFlags.Maskable, IrqIndex.Intx, 1).Encode()
            : new IrqInfo(IrqInfoFlags.Eventfd | IrqInfoFlags.NoResize, IrqIndex.Msi, device.Interrupts.MsiVectors).Encode();
        return 0;
    }

    private int RegionRead(RegionAccess access, ref byte[] reply)
    {
        if (!Accessible(access)) return Errno.EINVAL;
        var data = new byte[access.Count];
        if (access.Region == PciRegion.Config) device.Config.Read((int)access.Offset, data);
        else device.ReadBar((int)access.Region, access.Offset, data);
        reply = access.Encode(data);
        return 0;
    }

    private int RegionWrite(RegionAccess access, ReadOnlySpan<byte> data)
    {
        if (!Accessible(access)) return Errno.EINVAL;
        if (access.Region == PciRegion.Config) device.Config.Write((int)access.Offset, data);
        else device.WriteBar((int)access.Region, access.Offset, data);
        return 0;
    }

    private bool Accessible(RegionAccess access)
    {
        if (access.Count == 0 || access.Count > MaxDataTransfer || access.Region >= RegionCount) return false;
        ulong size = RegionSize(access.Region);
        return access.Offset < size && access.Count <= size - access.Offset;
    }

    private ulong RegionSize(uint index) => index switch
    {
        PciRegion.Config => ConfigSpace.Size,
        <= PciRegion.Bar5 => device.Config.Bars.FirstOrDefault(b => b.Index == index)?.Size ?? 0,
        _ => 0,
    };
}
