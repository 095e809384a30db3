using System;
using Solo5Net.Drivers.Net;
using Solo5Net.EchoServer.Net.Ip;

namespace Solo5Net.EchoServer.Net.Icmp;

/// <summary>ICMP over IPv4: answers echo requests sent to this host's address; ignores the rest.</summary>
public sealed class IcmpLayer : IpProtocolHandler
{
    private const byte EchoReply = 0;
    private const byte EchoRequest = 8;
    private const int HeaderLength = 8;

    private readonly Ipv4Layer _ip;

    public IcmpLayer(Ipv4Layer ip)
    {
        _ip = ip;
        ip.Register(IpProtocol.Icmp, this);
    }

    public ulong EchoRequestsAnswered { get; private set; }

    public override void Receive(uint source, uint destination, ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength || message[0] != EchoRequest || message[1] != 0) return;
        if (destination != _ip.Address || message.Length > _ip.MaxPayload) return;
        if (InternetChecksum.Compute(message) != 0) return;

        var reply = _ip.TxPayload;
        ByteCopy.Copy(message, reply);
        reply[0] = EchoReply;
        BigEndian.WriteUInt16(reply, 2, 0);
        BigEndian.WriteUInt16(reply, 2, InternetChecksum.Compute(reply.Slice(0, message.Length)));
        _ip.Send(source, IpProtocol.Icmp, message.Length);
        EchoRequestsAnswered++;
    }
}
