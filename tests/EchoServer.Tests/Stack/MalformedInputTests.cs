using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Echo;
using Solo5Net.EchoServer.Net.Ip;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>Whatever arrives on the wire, the stack must not fail: in the guest any exception aborts
/// the whole unikernel. Random frames are given valid outer headers (and checksums) so they reach
/// the deeper parsers.</summary>
public class MalformedInputTests
{
    private static NetworkStack NewStack(CapturingLink link)
    {
        var stack = new NetworkStack(link, new TestClock(), new Ipv4Config { Address = Frames.StackIp, PrefixLength = 24 }, 4, 4096);
        _ = new EchoService(stack.Tcp, stack.Udp);
        return stack;
    }

    [Fact]
    public void Random_frames_never_throw()
    {
        var link = new CapturingLink(Frames.StackMac);
        var stack = NewStack(link);
        Prop.ForAll<byte[], byte, bool>((body, kind, fixTransport) =>
        {
            body ??= [];
            byte[] frame;
            switch (kind % 5)
            {
                case 0: // anything at all after an Ethernet header to us
                    frame = Frames.Ethernet(Frames.StackMac, Frames.PeerMac, (ushort)(kind % 2 == 0 ? 0x0800 : 0x0806), body);
                    break;
                case 1: // raw bytes, possibly shorter than a header
                    frame = body;
                    break;
                default: // a valid IPv4 header carrying random ICMP/UDP/TCP bytes
                    var protocol = kind % 5 == 2 ? (byte)1 : kind % 5 == 3 ? (byte)17 : (byte)6;
                    var payload = (byte[])body.Clone();
                    if (fixTransport && protocol != 1 && payload.Length >= 20)
                    {
                        var at = protocol == 6 ? 16 : 6;
                        if (protocol == 6) payload[12] = (byte)((payload[12] & 0xF0) % 0x60 + 0x50);
                        if (protocol == 17) BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(4), (ushort)payload.Length);
                        payload[at] = payload[at + 1] = 0;
                        var sum = Frames.Checksum(payload, Frames.PseudoHeaderSum(Frames.PeerIp, Frames.StackIp, protocol, payload.Length));
                        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(at), sum);
                    }
                    frame = Frames.IpFrame(protocol, payload);
                    break;
            }
            stack.Receive(frame);
            stack.Tick();
            link.Sent.Clear();
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void Truncated_copies_of_valid_frames_never_throw()
    {
        var link = new CapturingLink(Frames.StackMac);
        var stack = NewStack(link);
        var valid = new[]
        {
            Frames.IpFrame(6, Frames.Tcp(40000, 7, 1000, 0, 0x02, 65535)),
            Frames.IpFrame(17, Frames.Udp(5000, 7, "hello"u8)),
            Frames.IpFrame(1, [8, 0, 0xF7, 0xFF, 0, 0, 0, 0]),
        };
        foreach (var frame in valid)
            for (var length = 0; length <= frame.Length; length++)
                stack.Receive(frame.AsSpan(0, length));
        stack.Tcp.ConnectionCount.Should().BeLessThanOrEqualTo(1);
    }
}

public class TcpStateFuzzTests
{
    [Fact]
    public void Random_segments_on_live_connections_never_throw_and_the_server_stays_usable()
    {
        var clock = new TestClock();
        var link = new CapturingLink(Frames.StackMac);
        var stack = new NetworkStack(link, clock, new Ipv4Config { Address = Frames.StackIp, PrefixLength = 24 }, 4, 4096);
        _ = new EchoService(stack.Tcp, stack.Udp);
        var rng = new Random(7);
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1, .. new byte[20]];
        Frames.PeerMac.Write(arp, 8);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(14), Frames.PeerIp);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(24), Frames.StackIp);
        stack.Receive(Frames.Ethernet(MacAddress.Broadcast, Frames.PeerMac, 0x0806, arp));

        for (var round = 0; round < 20_000; round++)
        {
            var port = (ushort)(40000 + rng.Next(6));
            var seq = 1000u + (uint)rng.Next(-3000, 9000);
            var ack = (uint)rng.Next();
            // Learn the server's sequence numbers from what it sent last, so many acks are plausible.
            var lastTcp = link.Sent.LastOrDefault(f => f.Length > 34 && f[12] == 0x08 && f[13] == 0x00 && f[23] == 6);
            if (lastTcp != null && rng.Next(3) > 0)
            {
                var last = Frames.ParseSent(lastTcp, 6);
                ack = last.Sequence + (uint)rng.Next(0, 3000);
                if (rng.Next(2) == 0) seq = last.Acknowledgment + (uint)rng.Next(-2, 3);
            }
            var flags = (byte)(rng.Next(4) == 0 ? rng.Next(64) : rng.Next(2) == 0 ? 0x10 : 0x18);
            if (rng.Next(20) == 0) flags = 0x02;
            var data = new byte[rng.Next(4) == 0 ? rng.Next(1400) : rng.Next(40)];
            rng.NextBytes(data);
            link.Sent.Clear();
            stack.Receive(Frames.IpFrame(6, Frames.Tcp(port, 7, seq, ack, flags, (ushort)rng.Next(0, 65536), data)));
            if (rng.Next(50) == 0)
            {
                clock.Now += (ulong)rng.Next(1, 3_000_000) * 1000UL;
                stack.Tick();
                stack.Receive(Frames.Ethernet(MacAddress.Broadcast, Frames.PeerMac, 0x0806, arp)); // keep the ARP entry fresh
            }
        }

        // Let every connection time out or finish, then a fresh one must still work.
        for (var i = 0; i < 200 && stack.Tcp.ConnectionCount > 0; i++)
        {
            clock.Now += 1_000_000_000UL;
            stack.Tick();
        }
        stack.Receive(Frames.Ethernet(MacAddress.Broadcast, Frames.PeerMac, 0x0806, arp));
        stack.Tcp.ConnectionCount.Should().Be(0);
        link.Sent.Clear();
        stack.Receive(Frames.IpFrame(6, Frames.Tcp(41000, 7, 5000, 0, 0x02, 65535)));
        Frames.ParseSent(link.Single(), 6).TcpFlags.Should().Be(0x12);
    }
}
