using System;

namespace Solo5Net.EchoServer.Net.Udp;

/// <summary>An application bound to a UDP port.</summary>
public abstract class UdpHandler
{
    public abstract void Receive(uint source, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload);
}
