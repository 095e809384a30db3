using System;

namespace Solo5Net.EchoServer.Net.Ethernet;

/// <summary>A protocol carried directly in Ethernet frames (ARP, IPv4). Abstract classes rather
/// than interfaces throughout the stack: the guest runtime has no interface dispatch.</summary>
public abstract class EtherTypeHandler
{
    public abstract void Receive(ReadOnlySpan<byte> payload, MacAddress source);
}
