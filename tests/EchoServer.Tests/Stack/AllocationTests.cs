using System.Buffers.Binary;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Echo;
using Solo5Net.EchoServer.Net.Ip;
using Solo5Net.EchoServer.Net.Link;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>The guest has no garbage collector: once started, the stack must not allocate per packet.</summary>
public class AllocationTests
{
    private sealed class CountingLink : NetworkLink
    {
        public int Count;
        public uint LastSequence, LastLength;
        public override MacAddress Address => Frames.StackMac;
        public override int Mtu => 1500;

        public override bool Transmit(ReadOnlySpan<byte> frame)
        {
            Count++;
            if (frame.Length >= 54 && frame[23] == 6)
            {
                LastSequence = BinaryPrimitives.ReadUInt32BigEndian(frame[38..]);
                LastLength = (uint)(BinaryPrimitives.ReadUInt16BigEndian(frame[16..]) - 40);
            }
            return true;
        }
    }

    [Fact]
    public void Echoing_tcp_segments_udp_datagrams_and_pings_allocates_nothing()
    {
        var link = new CountingLink();
        var stack = new NetworkStack(link, new TestClock(), new Ipv4Config { Address = Frames.StackIp, PrefixLength = 24 }, 4, 8192);
        _ = new EchoService(stack.Tcp, stack.Udp);
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1, .. new byte[20]];
        Frames.PeerMac.Write(arp, 8);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(14), Frames.PeerIp);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(24), Frames.StackIp);
        stack.Receive(Frames.Ethernet(MacAddress.Broadcast, Frames.PeerMac, 0x0806, arp));
        stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1000, 0, 0x02, 65535)));
        var iss = link.LastSequence + 1;
        stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, iss, 0x10, 65535)));

        const int rounds = 200;
        var payload = new byte[1000];
        var frames = new List<byte[]>();
        for (var k = 0; k < rounds; k++)
        {
            frames.Add(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001 + (uint)(k * 1000), iss + (uint)(k * 1000), 0x10, 65535, payload)));
            frames.Add(Frames.IpFrame(17, Frames.Udp(5000, 7, payload.AsSpan(0, 100))));
            byte[] echo = [8, 0, 0, 0, 0, 1, 0, (byte)k, .. payload.AsSpan(0, 56)];
            BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), Frames.Checksum(echo));
            frames.Add(Frames.IpFrame(1, echo));
        }
        for (var k = 0; k < 30; k++) stack.Receive(frames[k]); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 30; k < frames.Count; k++)
        {
            stack.Receive(frames[k]);
            stack.Tick();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
        link.Count.Should().BeGreaterThan(3 * (rounds - 10));
        link.LastLength.Should().Be(464, "each 1000 bytes are echoed as 536 + 464 (the peer sent no MSS option)");
    }
}
