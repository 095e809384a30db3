using System.Buffers.Binary;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Arp;
using Solo5Net.EchoServer.Net.Echo;
using Solo5Net.EchoServer.Net.Ip;
using Solo5Net.EchoServer.Net.Link;
using Solo5Net.EchoServer.Net.Tcp;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>ICMP, UDP and TCP echoes answered in the received frame itself (Ipv4Layer.SendBack): the reply
/// leaves from the request's buffer, and its bytes are exactly those the copying path (the handlers'
/// read-only Receive, which builds the reply in the transmit buffer) sends for the same request.</summary>
public class ReplyInPlaceTests
{
    private const uint SubnetBroadcast = 0x0A0000FF;

    /// <summary>A stack with the echo service and the peer's address resolved; <paramref name="link"/>
    /// sees what it sends.</summary>
    private static NetworkStack EchoStack(RecordingLink link, bool peerResolved = true, TestClock? clock = null)
    {
        var stack = new NetworkStack(link, clock ?? new TestClock(), new Ipv4Config { Address = Frames.StackIp, PrefixLength = 24 }, 4, 4096);
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
    public void A_reply_to_a_frame_from_the_cached_address_reads_no_clock()
    {
        var link = new RecordingLink();
        var clock = new TestClock();
        var stack = EchoStack(link, clock: clock);
        stack.Receive(Frames.IpFrame(1, EchoRequest(56)));
        link.Sent.Clear();

        var reads = clock.Reads;
        stack.Receive(Frames.IpFrame(1, EchoRequest(56)));
        stack.Receive(Frames.IpFrame(17, Frames.Udp(5353, 7, "echo"u8)));
        clock.Reads.Should().Be(reads, "the requests' own source addresses confirm the cached one");
        link.Sent.Should().HaveCount(2);
        link.Sent.Should().OnlyContain(s => new MacAddress(BinaryPrimitives.ReadUInt64BigEndian(s.Bytes) >> 16).Value == Frames.PeerMac.Value);
    }

    [Fact]
    public void A_reply_to_a_frame_from_another_address_goes_to_the_cached_one_and_past_its_lifetime_waits_for_arp()
    {
        var link = new RecordingLink();
        var clock = new TestClock();
        var stack = EchoStack(link, clock: clock);
        var stranger = new MacAddress(0x02_00_00_00_77_77UL);
        var request = Frames.IpFrame(1, EchoRequest(56));
        stranger.Write(request, 6);

        stack.Receive(request);
        var reply = link.Sent.Should().ContainSingle().Subject.Bytes;
        (BinaryPrimitives.ReadUInt64BigEndian(reply) >> 16).Should().Be(Frames.PeerMac.Value, "the cache, not the frame, names the peer");
        link.Sent.Clear();

        clock.Now += ArpCache.LifetimeNanoseconds;
        request = Frames.IpFrame(1, EchoRequest(56));
        stranger.Write(request, 6);
        stack.Receive(request);
        var arpRequest = link.Sent.Should().ContainSingle().Subject.Bytes;
        BinaryPrimitives.ReadUInt16BigEndian(arpRequest.AsSpan(12)).Should().Be(0x0806, "the entry expired and nothing confirmed it");
        link.Sent.Clear();

        stack.Receive(Frames.IpFrame(1, EchoRequest(56)));
        (BinaryPrimitives.ReadUInt64BigEndian(link.Sent.Should().ContainSingle().Subject.Bytes) >> 16).Should()
            .Be(Frames.PeerMac.Value, "a frame from the cached address confirms the expired entry");
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

    private const byte Syn = 0x02, Ack = 0x10, Fin = 0x01, Psh = 0x08;

    /// <summary>An echo stack (<see cref="EchoStack"/>) with a connection from the peer's port 40000
    /// established, the peer offering <paramref name="peerWindow"/> and no MSS option (so 536); returns
    /// the stack's next sequence number.</summary>
    private static (NetworkStack Stack, uint Next) Connected(RecordingLink link, TestClock clock, ushort peerWindow)
    {
        var stack = EchoStack(link, clock: clock);
        stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1000, 0, Syn, peerWindow)));
        var synAck = Frames.ParseSent(link.Sent.Should().ContainSingle().Subject.Bytes, 6);
        link.Sent.Clear();
        stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, synAck.Sequence + 1, Ack, peerWindow)));
        link.Sent.Should().BeEmpty();
        return (stack, synAck.Sequence + 1);
    }

    /// <summary>What two stacks with the same history send for the same TCP segments after the
    /// handshake (each segment made from the stack's next sequence number): one given each segment in
    /// its frame, as received; the other the segment alone, through the read-only
    /// <c>TcpLayer.Receive</c> (every segment built in the transmit buffer).</summary>
    private static (List<(byte[] Bytes, bool FromWatched)> InFrame, List<byte[]> Copied) EchoBothWays(ushort peerWindow,
        params Func<uint, byte[]>[] segments)
    {
        var inFrameLink = new RecordingLink();
        var (inFrame, next) = Connected(inFrameLink, new TestClock(), peerWindow);
        var copyLink = new RecordingLink();
        var (copying, copyNext) = Connected(copyLink, new TestClock(), peerWindow);
        copyNext.Should().Be(next);
        foreach (var make in segments)
        {
            var segment = make(next);
            var request = Frames.IpFrame(6, segment);
            inFrameLink.Watched = request;
            inFrame.Receive(request);
            copying.Tcp.Receive(Frames.PeerIp, Frames.StackIp, segment);
        }
        return (inFrameLink.Sent, copyLink.Sent.Select(f => f.Bytes).ToList());
    }

    private static byte[] Data(int length, int seed = 0) => Enumerable.Range(0, length).Select(i => (byte)(i * 13 + seed)).ToArray();

    [Theory]
    [InlineData(6)]       // a 60-byte frame, no padding needed
    [InlineData(13)]
    [InlineData(536)]     // the MSS without the peer's option: one full segment
    public void Tcp_echo_leaves_from_the_request_frame_with_the_bytes_of_the_copying_path(int length)
    {
        var data = Data(length);
        var (inFrame, copied) = EchoBothWays(65535, next => Frames.Tcp(40000, 7, 1001, next, Ack | Psh, 65535, data));

        var sent = inFrame.Should().ContainSingle().Subject;
        sent.FromWatched.Should().BeTrue("the echo is the request's own buffer, its headers rewritten");
        sent.Bytes.Should().Equal(copied.Should().ContainSingle().Subject);
        var echo = Frames.ParseSent(sent.Bytes, 6);
        echo.TcpPayload.Should().Equal(data);
        (echo.SourcePort, echo.DestinationPort).Should().Be(((ushort)7, (ushort)40000));
        echo.Acknowledgment.Should().Be(1001u + (uint)length);
        echo.TcpFlags.Should().Be(Ack | Psh);
    }

    [Fact]
    public void A_second_segment_while_the_first_echo_is_unacknowledged_is_echoed_from_its_frame_too()
    {
        var (inFrame, copied) = EchoBothWays(65535,
            next => Frames.Tcp(40000, 7, 1001, next, Ack | Psh, 65535, Data(100)),
            next => Frames.Tcp(40000, 7, 1101, next, Ack | Psh, 65535, Data(200, 5)));

        inFrame.Should().HaveCount(2).And.OnlyContain(f => f.FromWatched);
        inFrame.Select(f => f.Bytes).Should().BeEquivalentTo(copied, o => o.WithStrictOrdering());
        Frames.ParseSent(inFrame[1].Bytes, 6).Sequence.Should().Be(Frames.ParseSent(inFrame[0].Bytes, 6).Sequence + 100);
    }

    public static TheoryData<string, ushort, byte[]> SegmentsEchoedThroughTheTransmitBuffer() => new()
    {
        { "more than the MSS: two segments", 65535, Frames.Tcp(40000, 7, 1001, 0, Ack | Psh, 65535, Data(537)) },
        { "more than the peer's window: part of it", 10, Frames.Tcp(40000, 7, 1001, 0, Ack | Psh, 10, Data(13)) },
        { "with FIN", 65535, Frames.Tcp(40000, 7, 1001, 0, Ack | Psh | Fin, 65535, Data(13)) },
        { "with TCP options", 65535, TcpWithNops(Data(13)) },
    };

    /// <summary>Data segments that would not leave as one segment of their own bytes, or whose frame does
    /// not hold the echo's headers where they lie: sent as before, through the transmit buffer.
    /// (The acknowledgment number, 0 here, is filled in per stack.)</summary>
    [Theory]
    [MemberData(nameof(SegmentsEchoedThroughTheTransmitBuffer))]
    public void A_segment_that_cannot_be_echoed_in_its_frame_gets_the_copying_path_bytes(string why, ushort peerWindow, byte[] segment)
    {
        var (inFrame, copied) = EchoBothWays(peerWindow, next => WithAck(segment, next));

        inFrame.Should().NotBeEmpty(why);
        inFrame.Should().OnlyContain(f => !f.FromWatched, why);
        inFrame.Select(f => f.Bytes).Should().BeEquivalentTo(copied, o => o.WithStrictOrdering(), why);
    }

    [Fact]
    public void An_echo_sent_from_its_frame_is_retransmitted_from_the_send_buffer_after_the_frame_is_reused()
    {
        var link = new RecordingLink();
        var clock = new TestClock();
        var (stack, next) = Connected(link, clock, 65535);
        var data = Data(300);
        var request = Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, next, Ack | Psh, 65535, data));
        link.Watched = request;
        stack.Receive(request);
        stack.Tick(); // the turn's timer run, which starts the retransmission timer
        var first = link.Sent.Should().ContainSingle().Subject;
        first.FromWatched.Should().BeTrue();
        link.Sent.Clear();
        Array.Fill(request, (byte)0xEE); // the driver reuses the receive buffer

        clock.Now += TcpConnection.InitialRtoNanoseconds;
        stack.Tick();

        var again = link.Sent.Should().ContainSingle().Subject;
        again.FromWatched.Should().BeFalse();
        var segment = Frames.ParseSent(again.Bytes, 6);
        segment.Sequence.Should().Be(next);
        segment.TcpPayload.Should().Equal(data);
    }

    /// <summary>A TCP segment of <paramref name="data"/> whose header carries four NOP options.</summary>
    private static byte[] TcpWithNops(byte[] data)
    {
        var plain = Frames.Tcp(40000, 7, 1001, 0, Ack | Psh, 65535, data);
        var t = new byte[plain.Length + 4];
        plain.AsSpan(0, 20).CopyTo(t);
        t[12] = 6 << 4;
        t[20] = t[21] = t[22] = t[23] = 1;
        data.CopyTo(t, 24);
        return Resummed(t);
    }

    /// <summary>The segment with acknowledgment number <paramref name="ack"/> and its checksum redone.</summary>
    private static byte[] WithAck(byte[] segment, uint ack)
    {
        var t = segment.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(8), ack);
        return Resummed(t);
    }

    private static byte[] Resummed(byte[] t)
    {
        t[16] = t[17] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(16), Frames.Checksum(t, Frames.PseudoHeaderSum(Frames.PeerIp, Frames.StackIp, 6, t.Length)));
        return t;
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
