using System.Buffers.Binary;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Echo;
using Solo5Net.EchoServer.Net.Ip;
using Solo5Net.EchoServer.Net.Link;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>ICMP and UDP echoes answered in the received frame itself (Ipv4Layer.SendBack): the reply
/// leaves from the request's buffer, and its bytes are exactly those the copying path (the handlers'
/// read-only Receive, which builds the reply in the transmit buffer) sends for the same request.</summary>
public class ReplyInPlaceTests
{
    private const uint SubnetBroadcast = 0x0A0000FF;

    /// <summary>A stack with the echo service and the peer's address resolved; <paramref name="link"/>
    /// sees what it sends.</summary>
    private static NetworkStack EchoStack(RecordingLink link, bool peerResolved = true)
    {
        var stack = new NetworkStack(link, new TestClock(), new Ipv4Config { Address = Frames.StackIp, PrefixLength = 24 }, 4, 4096);
        _ = new EchoService(stack.Tcp, stack.Udp);
        if (peerResolved)
        {
            byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1, .. new byte[20]];
            Frames.PeerMac.Write(arp, 8);
            BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(14), Frames.PeerIp);
            BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(24), Frames.StackIp);
            stack.Receive(Frames.Ethernet(MacAddress.Broadcast, Frames.PeerMac, 0x0806, arp));
            link.Sent.Clear();
        }
        return stack;
    }

    private static byte[] EchoRequest(int dataLength)
    {
        var echo = new byte[8 + dataLength];
        echo[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(4), 0x4242);
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(6), 7);
        for (var i = 8; i < echo.Length; i++) echo[i] = (byte)(i * 7);
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), Frames.Checksum(echo));
        return echo;
    }

    /// <summary>What a stack with the peer resolved sends for <paramref name="request"/>: its one frame,
    /// and whether it left from the request's own buffer.</summary>
    private static (byte[] Bytes, bool FromWatched) AnswerTo(byte[] request)
    {
        var link = new RecordingLink();
        var stack = EchoStack(link);
        link.Watched = request;
        stack.Receive(request);
        return link.Sent.Should().ContainSingle().Subject;
    }

    /// <summary>The reply the copying path sends for the IPv4 packet in <paramref name="frame"/>
    /// (a fresh stack, so the same IP identification).</summary>
    private static byte[] ReplyByCopy(byte[] frame)
    {
        var link = new RecordingLink();
        var stack = EchoStack(link);
        var ip = frame.AsSpan(14);
        var headerLength = (ip[0] & 0xF) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        var payload = ip[headerLength..total].ToArray();
        uint source = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]), destination = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        if (ip[9] == 1) stack.Icmp.Receive(source, destination, payload);
        else stack.Udp.Receive(source, destination, payload);
        return link.Sent.Should().ContainSingle().Subject.Bytes;
    }

    [Theory]
    [InlineData(56)]      // ping's default
    [InlineData(18)]      // a 60-byte frame, no padding needed
    [InlineData(1472)]    // a full 1500-byte packet
    public void Icmp_echo_reply_leaves_from_the_request_frame_with_the_bytes_of_the_copying_path(int dataLength)
    {
        var link = new RecordingLink();
        var stack = EchoStack(link);
        var request = Frames.IpFrame(1, EchoRequest(dataLength));
        var expected = ReplyByCopy(request);
        link.Watched = request;

        stack.Receive(request);

        var sent = link.Sent.Should().ContainSingle().Subject;
        sent.FromWatched.Should().BeTrue("the reply is the request's own buffer, rewritten");
        sent.Bytes.Should().Equal(expected);
        Frames.ParseSent(sent.Bytes, 1).Body[0].Should().Be(0, "echo reply");
        stack.Icmp.EchoRequestsAnswered.Should().Be(1);
    }

    [Fact]
    public void Udp_echo_leaves_from_the_request_frame_with_the_request_checksum_and_the_bytes_of_the_copying_path()
    {
        var request = Frames.IpFrame(17, Frames.Udp(5353, 7, "sixty-four bytes of echo, more or less, to check in place echoing"u8));
        var requestChecksum = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(14 + 20 + 6));
        var expected = ReplyByCopy(request);

        var sent = AnswerTo(request);
        sent.FromWatched.Should().BeTrue();
        sent.Bytes.Should().Equal(expected);
        var reply = Frames.ParseSent(sent.Bytes, 17);
        (reply.SourcePort, reply.DestinationPort).Should().Be(((ushort)7, (ushort)5353));
        BinaryPrimitives.ReadUInt16BigEndian(reply.Body.AsSpan(6)).Should().Be(requestChecksum, "swapping ports and addresses keeps the sum");
    }

    [Fact]
    public void Udp_echo_of_a_datagram_without_checksum_gets_one()
    {
        var udp = Frames.Udp(5353, 7, "no checksum, and no padding needed"u8);
        udp[6] = udp[7] = 0;
        var request = Frames.IpFrame(17, udp);
        var expected = ReplyByCopy(request);

        var sent = AnswerTo(request);
        sent.FromWatched.Should().BeTrue();
        sent.Bytes.Should().Equal(expected);
        BinaryPrimitives.ReadUInt16BigEndian(sent.Bytes.AsSpan(14 + 20 + 6)).Should().NotBe(0);
    }

    [Fact]
    public void Udp_echo_of_a_datagram_sent_to_the_subnet_broadcast_is_summed_for_this_host_as_its_source()
    {
        var udp = Frames.Udp(5353, 7, "to everyone"u8, dst: SubnetBroadcast);
        var request = Frames.Ethernet(MacAddress.Broadcast, Frames.PeerMac, 0x0800, Frames.Ipv4(Frames.PeerIp, SubnetBroadcast, 17, udp));
        var expected = ReplyByCopy(request);

        var sent = AnswerTo(request);
        sent.Bytes.Should().Equal(expected);
        Frames.ParseSent(sent.Bytes, 17).UdpPayload.Should().Equal("to everyone"u8.ToArray(), "ParseSent checked the checksum from 10.0.0.2");
    }

    [Fact]
    public void A_reply_shorter_than_the_ethernet_minimum_in_a_frame_that_cannot_hold_the_padding_goes_through_the_transmit_buffer()
    {
        var request = Frames.IpFrame(1, EchoRequest(0)); // 42 bytes
        var expected = ReplyByCopy(request);

        var sent = AnswerTo(request);
        sent.FromWatched.Should().BeFalse();
        sent.Bytes.Should().HaveCount(60).And.Equal(expected);
    }

    [Fact]
    public void A_short_reply_in_a_padded_frame_is_padded_with_zeros_in_place()
    {
        var request = Frames.IpFrame(1, EchoRequest(0)).Concat(Enumerable.Repeat((byte)0xEE, 18)).ToArray(); // padded by the sender
        var expected = ReplyByCopy(request);

        var sent = AnswerTo(request);
        sent.FromWatched.Should().BeTrue();
        sent.Bytes.Should().HaveCount(60).And.Equal(expected);
    }

    [Fact]
    public void A_request_with_ip_options_is_answered_through_the_transmit_buffer_without_them()
    {
        var echo = EchoRequest(56);
        var ip = new byte[24 + echo.Length];
        ip[0] = 0x46;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(6), 0x4000);
        ip[8] = 64;
        ip[9] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(ip.AsSpan(12), Frames.PeerIp);
        BinaryPrimitives.WriteUInt32BigEndian(ip.AsSpan(16), Frames.StackIp);
        ip[20] = 1; ip[21] = 1; ip[22] = 1; ip[23] = 0; // NOP options, end of list
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), Frames.Checksum(ip.AsSpan(0, 24)));
        echo.CopyTo(ip, 24);
        var request = Frames.Ethernet(Frames.StackMac, Frames.PeerMac, 0x0800, ip);
        var expected = ReplyByCopy(request);

        var sent = AnswerTo(request);
        sent.FromWatched.Should().BeFalse();
        sent.Bytes.Should().Equal(expected);
        Frames.ParseSent(sent.Bytes, 1).Body.AsSpan(4).ToArray().Should().Equal(echo.AsSpan(4).ToArray());
    }

    [Fact]
    public void A_reply_to_an_unresolved_peer_waits_for_arp_and_then_goes_out()
    {
        var link = new RecordingLink();
        var stack = EchoStack(link, peerResolved: false);
        var echo = EchoRequest(56);
        stack.Receive(Frames.IpFrame(1, echo));

        var arpRequest = link.Sent.Should().ContainSingle().Subject.Bytes;
        BinaryPrimitives.ReadUInt16BigEndian(arpRequest.AsSpan(12)).Should().Be(0x0806);
        link.Sent.Clear();
        byte[] arpReply = [0, 1, 8, 0, 6, 4, 0, 2, .. new byte[20]];
        Frames.PeerMac.Write(arpReply, 8);
        BinaryPrimitives.WriteUInt32BigEndian(arpReply.AsSpan(14), Frames.PeerIp);
        Frames.StackMac.Write(arpReply, 18);
        BinaryPrimitives.WriteUInt32BigEndian(arpReply.AsSpan(24), Frames.StackIp);
        stack.Receive(Frames.Ethernet(Frames.StackMac, Frames.PeerMac, 0x0806, arpReply));

        var reply = Frames.ParseSent(link.Sent.Should().ContainSingle().Subject.Bytes, 1).Body;
        reply[0].Should().Be(0);
        reply.AsSpan(4).ToArray().Should().Equal(echo.AsSpan(4).ToArray());
    }

    /// <summary>A link that records every frame sent and whether it lay in <see cref="Watched"/>.</summary>
    private sealed class RecordingLink : NetworkLink
    {
        public byte[]? Watched { get; set; }

        public List<(byte[] Bytes, bool FromWatched)> Sent { get; } = [];

        public override MacAddress Address => Frames.StackMac;

        public override int Mtu => 1500;

        public override bool Transmit(ReadOnlySpan<byte> frame)
        {
            Sent.Add((frame.ToArray(), Watched != null && frame.Overlaps(Watched)));
            return true;
        }
    }
}
