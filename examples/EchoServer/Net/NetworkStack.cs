using System;
using Solo5Net.EchoServer.Net.Arp;
using Solo5Net.EchoServer.Net.Ethernet;
using Solo5Net.EchoServer.Net.Icmp;
using Solo5Net.EchoServer.Net.Ip;
using Solo5Net.EchoServer.Net.Link;
using Solo5Net.EchoServer.Net.Tcp;
using Solo5Net.EchoServer.Net.Udp;

namespace Solo5Net.EchoServer.Net;

/// <summary>The whole stack over one link, each layer built on the one below:
/// link → Ethernet → ARP + IPv4 → ICMP, UDP, TCP.</summary>
public sealed class NetworkStack
{
    public NetworkStack(NetworkLink link, MonotonicClock clock, Ipv4Config config, int maxConnections, int tcpBufferSize)
    {
        Ethernet = new EthernetLayer(link);
        Arp = new ArpLayer(Ethernet, clock);
        Ipv4 = new Ipv4Layer(Ethernet, Arp, config);
        Icmp = new IcmpLayer(Ipv4);
        Udp = new UdpLayer(Ipv4);
        Tcp = new TcpLayer(Ipv4, clock, maxConnections, tcpBufferSize);
    }

    public EthernetLayer Ethernet { get; }
    public ArpLayer Arp { get; }
    public Ipv4Layer Ipv4 { get; }
    public IcmpLayer Icmp { get; }
    public UdpLayer Udp { get; }
    public TcpLayer Tcp { get; }

    /// <summary>Hands one received frame to the stack (the span is borrowed for the call only; the
    /// stack may turn it into a reply in place, e.g. an ICMP echo or a UDP echo).</summary>
    public void Receive(Span<byte> frame) => Ethernet.Receive(frame);

    /// <summary>Runs due timers, and starts those of the segments sent since the last run: run it
    /// after each batch of received frames, before the batch's frames are handed to the device.</summary>
    public void Tick() => Tcp.Tick();

    /// <summary>Monotonic time of the next timer, 0 if none.</summary>
    public ulong NextDeadline() => Tcp.NextDeadline();
}
