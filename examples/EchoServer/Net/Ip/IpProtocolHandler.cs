using System;
using Solo5Net.EchoServer.Net.Ethernet;

namespace Solo5Net.EchoServer.Net.Ip;

/// <summary>A protocol carried in IPv4 (ICMP, UDP, TCP). Addresses are in host byte order.</summary>
public abstract class IpProtocolHandler
{
    public abstract void Receive(uint source, uint destination, ReadOnlySpan<byte> payload);

    /// <summary>The same delivery with the whole received frame writable: the payload is
    /// <c>frame.Slice(payloadOffset, payloadLength)</c>. A handler that answers a packet by rewriting
    /// it overrides this and sends the reply from the frame itself (<see cref="Ipv4Layer.SendBack"/>);
    /// by default the payload goes to <see cref="Receive(uint, uint, ReadOnlySpan{byte})"/>.</summary>
    public virtual void ReceiveInFrame(uint source, uint destination, Span<byte> frame, int payloadOffset, int payloadLength) =>
        Receive(source, destination, frame.Slice(payloadOffset, payloadLength));

    /// <summary>Where an IPv4 header without options puts the payload in a frame.</summary>
    public const int PlainPayloadOffset = EthernetLayer.HeaderLength + Ipv4Layer.HeaderLength;
}
