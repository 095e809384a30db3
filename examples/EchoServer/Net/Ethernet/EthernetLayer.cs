using System;
using System.Runtime.CompilerServices;
using Solo5Net.EchoServer.Net.Link;

namespace Solo5Net.EchoServer.Net.Ethernet;

/// <summary>Ethernet II framing over a <see cref="NetworkLink"/>: filters received frames by
/// destination, hands payloads to ARP or IPv4, and builds outgoing frames in one transmit buffer.</summary>
public sealed class EthernetLayer
{
    public const int HeaderLength = 14;
    private const int MinimumFrameLength = 60;

    private readonly NetworkLink _link;
    // A link's address and MTU never change: read once, not through its virtual properties per frame.
    private readonly MacAddress _address;
    private readonly int _mtu;
    private readonly byte[] _txFrame;
    private EtherTypeHandler? _arp;
    private EtherTypeHandler? _ipv4;

    public EthernetLayer(NetworkLink link)
    {
        _link = link;
        _address = link.Address;
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

    /// <summary>One received frame (without FCS). The span is only borrowed for this call.</summary>
    public void Receive(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < HeaderLength)
        {
            FramesDropped++;
            return;
        }
        var destination = MacAddress.Read(frame, 0);
        if (!destination.Same(Address) && !destination.IsBroadcast)
        {
            FramesDropped++;
            return;
        }
        var source = MacAddress.Read(frame, 6);
        var type = BigEndian.ReadUInt16(frame, 12);
        var handler = type == EtherType.Arp ? _arp : type == EtherType.Ipv4 ? _ipv4 : null;
        if (handler == null)
        {
            FramesDropped++;
            return;
        }
        handler.Receive(frame.Slice(HeaderLength), source);
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
}
