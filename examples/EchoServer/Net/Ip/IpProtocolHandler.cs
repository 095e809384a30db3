using System;

namespace Solo5Net.EchoServer.Net.Ip;

/// <summary>A protocol carried in IPv4 (ICMP, UDP, TCP). Addresses are in host byte order.</summary>
public abstract class IpProtocolHandler
{
    public abstract void Receive(uint source, uint destination, ReadOnlySpan<byte> payload);
}
