using System;
using Solo5Net.EchoServer.Net.Ethernet;
using Solo5Net.EchoServer.Net.Ip;

namespace Solo5Net.EchoServer.Net.Udp;

/// <summary>UDP over IPv4 (RFC 768): checks length and checksum, delivers datagrams to the handler
/// bound to the destination port, and sends datagrams with a full pseudo-header checksum.</summary>
public sealed class UdpLayer : IpProtocolHandler
{
    public const int HeaderLength = 8;

    private readonly Ipv4Layer _ip;
    private readonly Binding[] _bindings = { new(), new(), new(), new() };

    public UdpLayer(Ipv4Layer ip)
    {
        _ip = ip;
        ip.Register(IpProtocol.Udp, this);
    }

    public ulong DatagramsDropped { get; private set; }

    public int MaxPayload => _ip.MaxPayload - HeaderLength;

    /// <summary>Binds <paramref name="handler"/> to <paramref name="port"/>; false if the table is full.</summary>
    public bool Bind(ushort port, UdpHandler handler)
    {
        for (var i = 0; i < _bindings.Length; i++)
        {
            var b = _bindings[i];
            if (b.Handler != null && b.Port != port) continue;
            b.Port = port;
            b.Handler = handler;
            return true;
        }
        return false;
    }

    public override void Receive(uint source, uint destination, ReadOnlySpan<byte> datagram)
    {
        var handler = Accept(source, destination, datagram, out var length);
        if (handler != null)
            handler.Receive(source, BigEndian.ReadUInt16(datagram, 0), BigEndian.ReadUInt16(datagram, 2), datagram.Slice(HeaderLength, length - HeaderLength));
    }

    public override void ReceiveInFrame(uint source, uint destination, Span<byte> frame, int payloadOffset, int payloadLength)
    {
        var datagram = frame.Slice(payloadOffset, payloadLength);
        var handler = Accept(source, destination, datagram, out var length);
        if (handler != null)
            handler.ReceiveInFrame(source, BigEndian.ReadUInt16(datagram, 0), BigEndian.ReadUInt16(datagram, 2),
                frame, payloadOffset + HeaderLength, length - HeaderLength);
    }

    /// <summary>The handler bound to a well-formed datagram's port, and the datagram's length; null
    /// (counted as dropped) for a short or corrupt datagram or one for an unbound port.</summary>
    private UdpHandler? Accept(uint source, uint destination, ReadOnlySpan<byte> datagram, out int length)
    {
        length = 0;
        if (datagram.Length < HeaderLength)
        {
            DatagramsDropped++;
            return null;
        }
        length = BigEndian.ReadUInt16(datagram, 4);
        if (length < HeaderLength || length > datagram.Length)
        {
            DatagramsDropped++;
            return null;
        }
        datagram = datagram.Slice(0, length);
        if (BigEndian.ReadUInt16(datagram, 6) != 0 && Checksum(source, destination, datagram) != 0)
        {
            DatagramsDropped++;
            return null;
        }
        var handler = Lookup(BigEndian.ReadUInt16(datagram, 2));
        if (handler == null) DatagramsDropped++;
        return handler;
    }

    /// <summary>Sends the datagram delivered to <see cref="UdpHandler.ReceiveInFrame"/> back to where
    /// it came from, its payload (at <paramref name="payloadOffset"/>, <paramref name="payloadLength"/>
    /// bytes) unchanged: an echo from the received frame itself. Swapping the ports and the addresses
    /// leaves every 16-bit word of the checksummed data in place, so the checksum stays the request's
    /// (it is computed where the request carried none or was sent to a broadcast address, which the
    /// reply does not come from); the bytes sent are those of
    /// <see cref="Send"/> with the same payload.</summary>
    public bool SendBack(Span<byte> frame, int payloadOffset, int payloadLength)
    {
        var datagramOffset = payloadOffset - HeaderLength;
        if (datagramOffset < IpProtocolHandler.PlainPayloadOffset || payloadLength < 0 || payloadLength > MaxPayload
            || frame.Length - payloadOffset < payloadLength) return false;
        var d = frame.Slice(datagramOffset, HeaderLength + payloadLength);
        if (BigEndian.ReadUInt16(d, 4) != d.Length) return false;
        var sourcePort = BigEndian.ReadUInt16(d, 0);
        BigEndian.WriteUInt16(d, 0, BigEndian.ReadUInt16(d, 2));
        BigEndian.WriteUInt16(d, 2, sourcePort);
        var ip = frame.Slice(EthernetLayer.HeaderLength);
        if (BigEndian.ReadUInt16(d, 6) == 0 || BigEndian.ReadUInt32(ip, 16) != _ip.Address)
        {
            BigEndian.WriteUInt16(d, 6, 0);
            var sum = Checksum(_ip.Address, BigEndian.ReadUInt32(ip, 12), d);
            BigEndian.WriteUInt16(d, 6, sum == 0 ? (ushort)0xFFFF : sum);
        }
        return _ip.SendBack(frame, datagramOffset, d.Length, IpProtocol.Udp);
    }

    /// <summary>Where the next outgoing payload is written before <see cref="Send"/>.</summary>
    public Span<byte> TxPayload => _ip.TxPayload.Slice(HeaderLength);

    public bool Send(ushort sourcePort, uint destination, ushort destinationPort, int payloadLength)
    {
        if (payloadLength < 0 || payloadLength > MaxPayload) return false;
        var length = HeaderLength + payloadLength;
        var d = _ip.TxPayload.Slice(0, length);
        BigEndian.WriteUInt16(d, 0, sourcePort);
        BigEndian.WriteUInt16(d, 2, destinationPort);
        BigEndian.WriteUInt16(d, 4, (ushort)length);
        BigEndian.WriteUInt16(d, 6, 0);
        var sum = Checksum(_ip.Address, destination, d);
        BigEndian.WriteUInt16(d, 6, sum == 0 ? (ushort)0xFFFF : sum);
        return _ip.Send(destination, IpProtocol.Udp, length);
    }

    private UdpHandler? Lookup(ushort port)
    {
        for (var i = 0; i < _bindings.Length; i++)
            if (_bindings[i].Handler != null && _bindings[i].Port == port) return _bindings[i].Handler;
        return null;
    }

    /// <summary>A port and its handler. An array of this sealed type, not of handlers: the guest
    /// runtime's array-store check refused derived objects in an array of their base class.</summary>
    private sealed class Binding
    {
        public ushort Port;
        public UdpHandler? Handler;
    }

    private static ushort Checksum(uint source, uint destination, ReadOnlySpan<byte> datagram)
    {
        return InternetChecksum.Compute(datagram, InternetChecksum.PseudoHeader(source, destination, IpProtocol.Udp, datagram.Length));
    }
}
