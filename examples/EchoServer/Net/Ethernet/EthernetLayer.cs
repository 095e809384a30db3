using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Solo5Net.Drivers.Net;
using Solo5Net.EchoServer.Net.Link;

namespace Solo5Net.EchoServer.Net.Ethernet;

/// <summary>Ethernet II framing over a <see cref="NetworkLink"/>: filters received frames by
/// destination, hands them to ARP or IPv4, and builds outgoing frames in one transmit buffer or, for
/// a reply, in the received frame itself (<see cref="SendInPlace"/>).</summary>
public sealed class EthernetLayer
{
    public const int HeaderLength = 14;
    private const int MinimumFrameLength = 60;

    private readonly NetworkLink _link;
    // A link's address and MTU never change: read once, not through its virtual properties per frame.
    private readonly MacAddress _address;
    private readonly ulong _addressInMemory;
    private const ulong BroadcastInMemory = 0xFFFF_FFFF_FFFFUL;
    private readonly int _mtu;
    private readonly byte[] _txFrame;
    private EtherTypeHandler? _arp;
    private EtherTypeHandler? _ipv4;

    public EthernetLayer(NetworkLink link)
    {
        _link = link;
        _address = link.Address;
        _addressInMemory = _address.InMemory;
        _mtu = link.Mtu;
        _txFrame = new byte[HeaderLength + _mtu];
    }

    public MacAddress Address => _address;

    public int Mtu => _mtu;

    public ulong FramesDropped { get; private set; }

    public void Register(ushort etherType, EtherTypeHandler handler)
    {
        if (etherType == EtherType.Arp) _arp = handler;
        else if (etherType == EtherType.Ipv4) _ipv4 = handler;
    }

    /// <summary>One received frame (without FCS). The span is only borrowed for this call; the
    /// layers above may turn it into their reply (<see cref="SendInPlace"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Receive(Span<byte> frame)
    {
        if (frame.Length < HeaderLength)
        {
            FramesDropped++;
            return;
        }
        var header = frame.Slice(0, HeaderLength);
        var destination = AddressInMemory(ref MemoryMarshal.GetReference(header));
        if (destination != _addressInMemory && destination != BroadcastInMemory)
        {
            FramesDropped++;
            return;
        }
        var type = BigEndian.ReadUInt16(header, 12);
        var handler = type == EtherType.Ipv4 ? _ipv4 : type == EtherType.Arp ? _arp : null;
        if (handler == null)
        {
            FramesDropped++;
            return;
        }
        handler.Receive(frame);
    }

    /// <summary>Where the next outgoing payload is written before <see cref="Send"/>.</summary>
    public Span<byte> TxPayload
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new Span<byte>(_txFrame, HeaderLength, _mtu);
    }

    /// <summary>Sends the first <paramref name="payloadLength"/> bytes of <see cref="TxPayload"/>.</summary>
    public bool Send(MacAddress destination, ushort etherType, int payloadLength)
    {
        if (payloadLength < 0 || payloadLength > _txFrame.Length - HeaderLength) return false;
        var frame = _txFrame.AsSpan();
        destination.Write(frame, 0);
        Address.Write(frame, 6);
        BigEndian.WriteUInt16(frame, 12, etherType);
        var length = HeaderLength + payloadLength;
        if (length < MinimumFrameLength)
        {
            frame.Slice(length, MinimumFrameLength - length).Clear();
            length = MinimumFrameLength;
        }
        return _link.Transmit(frame.Slice(0, length));
    }

    /// <summary>The source address of <paramref name="frame"/> as it lies in memory (first octet lowest),
    /// to compare without a byte swap. Unchecked: the frame holds at least a header.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SourceInMemory(ref byte frame) => AddressInMemory(ref Unsafe.Add(ref frame, 6));

    /// <summary>The six octets at <paramref name="address"/> as they lie in memory (first octet lowest,
    /// <see cref="MacAddress.InMemory"/>): compared without a byte swap. Unchecked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddressInMemory(ref byte address) =>
        Unsafe.ReadUnaligned<uint>(ref address) | ((ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref address, 4)) << 32);

    /// <summary>Sends a received frame back out as a reply to <paramref name="destination"/>: its
    /// first <paramref name="payloadLength"/> payload bytes, already rewritten by the layers above,
    /// under this host's source address and the frame's own EtherType, the same bytes <see cref="Send"/>
    /// would put on the wire without copying them into the transmit buffer first. A frame too short to
    /// be padded to the Ethernet minimum in place is sent through the transmit buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool SendInPlace(Span<byte> frame, MacAddress destination, int payloadLength)
    {
        if (payloadLength < 0 || payloadLength > _mtu || frame.Length < HeaderLength + payloadLength) return false;
        var length = HeaderLength + payloadLength;
        if (length < MinimumFrameLength)
        {
            if (frame.Length < MinimumFrameLength)
            {
                ByteCopy.Copy(frame.Slice(HeaderLength, payloadLength), TxPayload);
                return Send(destination, BigEndian.ReadUInt16(frame, 12), payloadLength);
            }
            frame.Slice(length, MinimumFrameLength - length).Clear();
            length = MinimumFrameLength;
        }
        // The frame holds at least the header (checked above): the addresses are written unchecked,
        // this host's as it lies in memory.
        ref byte f = ref MemoryMarshal.GetReference(frame);
        destination.WriteUnchecked(ref f);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref f, 6), (uint)_addressInMemory);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref f, 10), (ushort)(_addressInMemory >> 32));
        return _link.Transmit(frame.Slice(0, length));
    }
}
