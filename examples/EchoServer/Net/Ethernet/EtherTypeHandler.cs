using System;

namespace Solo5Net.EchoServer.Net.Ethernet;

/// <summary>A protocol carried directly in Ethernet frames (ARP, IPv4). Abstract classes rather
/// than interfaces throughout the stack: the guest runtime has no interface dispatch.</summary>
public abstract class EtherTypeHandler
{
    /// <summary>One received frame for this protocol: the whole frame, its payload from
    /// <see cref="EthernetLayer.HeaderLength"/>, writable for a reply in place (<see cref="EthernetLayer.SendInPlace"/>).</summary>
    public abstract void Receive(Span<byte> frame);
}
