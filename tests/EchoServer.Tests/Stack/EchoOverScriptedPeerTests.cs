using System.Buffers.Binary;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Echo;
using Solo5Net.EchoServer.Net.Ip;
using Solo5Net.EchoServer.Net.Tcp;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>The echo server against hand-written frames: every byte it answers is checked.</summary>
public class EchoOverScriptedPeerTests
{
    private const byte Syn = 0x02, Ack = 0x10, Fin = 0x01, Rst = 0x04, Psh = 0x08;

    private readonly TestClock _clock = new();
    private readonly CapturingLink _link = new(Frames.StackMac);
    private readonly NetworkStack _stack;

    public EchoOverScriptedPeerTests()
    {
        _stack = new NetworkStack(_link, _clock, new Ipv4Config { Address = Frames.StackIp, PrefixLength = 24 }, 4, 8192);
        _ = new EchoService(_stack.Tcp, _stack.Udp);
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1, .. new byte[20]];
        Frames.PeerMac.Write(arp, 8);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(14), Frames.PeerIp);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(24), Frames.StackIp);
        _stack.Receive(Frames.Ethernet(MacAddress.Broadcast, Frames.PeerMac, 0x0806, arp));
        _link.Sent.Clear();
    }

    /// <summary>One turn of the guest's loop (Program.Serve): the segment received, then the turn's
    /// timer run, which starts the timers of what the turn sent; its one answer.</summary>
    private SentPacket SendTcp(uint seq, uint ack, byte flags, ReadOnlySpan<byte> data = default, ushort dstPort = 7,
        ushort window = 65535)
    {
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, dstPort, seq, ack, flags, window, data)));
        _stack.Tick();
        return Frames.ParseSent(_link.Single(), 6);
    }

    private uint Handshake()
    {
        var synAck = SendTcp(1000, 0, Syn);
        synAck.TcpFlags.Should().Be(Syn | Ack);
        synAck.Acknowledgment.Should().Be(1001);
        synAck.SourcePort.Should().Be(7);
        synAck.DestinationPort.Should().Be(40000);
        synAck.Body[12].Should().Be(6 << 4, "the SYN-ACK carries an MSS option");
        BinaryPrimitives.ReadUInt16BigEndian(synAck.Body.AsSpan(22)).Should().Be(1460);
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, synAck.Sequence + 1, Ack, 65535)));
        _link.Sent.Should().BeEmpty("the final handshake ACK needs no answer");
        return synAck.Sequence + 1;
    }

    [Fact]
    public void Udp_datagram_to_port_7_comes_back_with_ports_swapped()
    {
        _stack.Receive(Frames.IpFrame(17, Frames.Udp(5353, 7, "hello, echo"u8)));
        var reply = Frames.ParseSent(_link.Single(), 17);
        reply.SourcePort.Should().Be(7);
        reply.DestinationPort.Should().Be(5353);
        reply.UdpPayload.Should().Equal("hello, echo"u8.ToArray());
    }

    [Fact]
    public void Udp_to_a_closed_port_or_with_a_bad_checksum_is_dropped()
    {
        _stack.Receive(Frames.IpFrame(17, Frames.Udp(5353, 9, "x"u8)));
        var bad = Frames.Udp(5353, 7, "x"u8);
        bad[8] ^= 0xFF;
        _stack.Receive(Frames.IpFrame(17, bad));
        _link.Sent.Should().BeEmpty();
        _stack.Udp.DatagramsDropped.Should().Be(2);
    }

    [Fact]
    public void Tcp_handshake_then_data_is_echoed_and_acknowledged_in_one_segment()
    {
        var iss = Handshake();
        var echo = SendTcp(1001, iss, Ack | Psh, "ping over tcp"u8);
        echo.Sequence.Should().Be(iss);
        echo.Acknowledgment.Should().Be(1001 + 13);
        echo.TcpFlags.Should().Be(Ack | Psh);
        echo.TcpPayload.Should().Equal("ping over tcp"u8.ToArray());
    }

    [Fact]
    public void Tcp_close_from_the_client_is_answered_with_ack_and_fin_then_the_slot_is_freed()
    {
        var iss = Handshake();
        var finAck = SendTcp(1001, iss, Fin | Ack);
        finAck.TcpFlags.Should().Be(Fin | Ack, "echo has nothing left to send, so it closes too");
        finAck.Acknowledgment.Should().Be(1002);
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1002, iss + 1, Ack, 65535)));
        _link.Sent.Should().BeEmpty();
        _stack.Tcp.ConnectionCount.Should().Be(0);
    }

    [Fact]
    public void Tcp_syn_to_a_port_nobody_listens_on_gets_a_reset()
    {
        var rst = SendTcp(5000, 0, Syn, dstPort: 8);
        rst.TcpFlags.Should().Be(Rst | Ack);
        rst.Acknowledgment.Should().Be(5001);
        rst.Sequence.Should().Be(0);
        _stack.Tcp.ConnectionCount.Should().Be(0);
    }

    [Fact]
    public void Tcp_segment_for_no_connection_gets_a_reset_with_its_ack_as_sequence()
    {
        var rst = SendTcp(5000, 777, Ack, "stray"u8);
        rst.TcpFlags.Should().Be(Rst);
        rst.Sequence.Should().Be(777);
    }

    [Fact]
    public void Tcp_reset_from_the_peer_frees_the_connection()
    {
        var iss = Handshake();
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, iss, Rst | Ack, 0)));
        _link.Sent.Should().BeEmpty();
        _stack.Tcp.ConnectionCount.Should().Be(0);
    }

    [Fact]
    public void Lost_syn_ack_is_sent_again_when_the_timer_fires()
    {
        var first = SendTcp(1000, 0, Syn);
        _clock.Now += TcpConnection.InitialRtoNanoseconds;
        _stack.Tick();
        var again = Frames.ParseSent(_link.Single(), 6);
        again.TcpFlags.Should().Be(Syn | Ack);
        again.Sequence.Should().Be(first.Sequence);
    }

    [Fact]
    public void Unacknowledged_data_is_retransmitted_with_the_same_sequence_number()
    {
        var iss = Handshake();
        var echo = SendTcp(1001, iss, Ack, "lost reply"u8);
        _clock.Now += TcpConnection.InitialRtoNanoseconds;
        _stack.Tick();
        var again = Frames.ParseSent(_link.Single(), 6);
        again.Sequence.Should().Be(echo.Sequence);
        again.TcpPayload.Should().Equal("lost reply"u8.ToArray());
    }

    [Fact]
    public void An_ack_of_part_of_the_data_restarts_the_retransmission_timer_from_the_next_timer_run()
    {
        const ulong rto = TcpConnection.InitialRtoNanoseconds;
        // "first" is the timed segment: its ACK after rto / 2 = 100 ms is a round-trip sample, which
        // makes the RTO 100 + 4·50 = 300 ms.
        const ulong rtoAfterAck = 300_000_000UL;
        var iss = Handshake();
        SendTcp(1001, iss, Ack, "first"u8);
        var second = SendTcp(1006, iss, Ack, "second"u8);
        _clock.Now += rto / 2;
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1012, iss + 5, Ack, 65535))); // acks "first" only
        _link.Sent.Should().BeEmpty();

        _clock.Now += rto / 2; // the timer's old deadline; the first timer run since the ACK restarts it here
        _stack.Tick();
        _clock.Now += rtoAfterAck - rto / 2; // a full RTO after the ACK
        _stack.Tick();
        _link.Sent.Should().BeEmpty("the timer runs a full RTO from the timer run after the ACK");

        _clock.Now += rto / 2;
        _stack.Tick();
        var again = Frames.ParseSent(_link.Single(), 6);
        again.Sequence.Should().Be(second.Sequence);
        again.TcpPayload.Should().Equal("second"u8.ToArray());
    }

    [Fact]
    public void A_segment_sent_in_a_turn_longer_than_the_timeout_is_timed_from_the_turns_timer_run()
    {
        // A guest that spends longer than the timeout on one batch of frames (a large batch; a guest
        // single-stepped by an instruction counter spends seconds) queues its echo early in the turn,
        // but the echo leaves only when the turn ends.
        const ulong rto = TcpConnection.InitialRtoNanoseconds;
        var iss = Handshake();
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, iss, Ack | Psh, 65535, "early in a long turn"u8)));
        var echo = Frames.ParseSent(_link.Single(), 6);
        _clock.Now += 3 * rto; // the rest of the batch
        _stack.Tick();
        _link.Sent.Should().BeEmpty("the echo has not left yet when the turn's timer run comes");

        _clock.Now += rto - 1;
        _stack.Tick();
        _link.Sent.Should().BeEmpty();
        _clock.Now += 1;
        _stack.Tick();
        Frames.ParseSent(_link.Single(), 6).Sequence.Should().Be(echo.Sequence, "a full timeout after the turn's timer run");
    }

    [Fact]
    public void A_round_trip_is_timed_from_the_timer_run_of_the_turn_that_sent_the_segment()
    {
        const ulong ms = 1_000_000UL;
        var iss = Handshake();
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, iss, Ack | Psh, 65535, "abc"u8)));
        _link.Sent.Clear();
        _clock.Now += 1_000 * ms; // a long turn
        _stack.Tick();
        _clock.Now += 100 * ms;
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1004, iss + 3, Ack, 65535)));
        _link.Sent.Should().BeEmpty();

        // R = 100 ms, not 1,100: RTO = 100 + 4·50 = 300 ms (1,100 ms would give 3.3 s).
        NextEchoIsResentAfter(1004, iss + 3, 300 * ms);
    }

    [Fact]
    public void An_ack_of_the_timed_segment_is_a_round_trip_sample_that_sets_the_next_timeout()
    {
        const ulong ms = 1_000_000UL;
        var iss = Handshake();
        SendTcp(1001, iss, Ack, "abc"u8);
        _clock.Now += 100 * ms;
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1004, iss + 3, Ack, 65535)));
        _link.Sent.Should().BeEmpty();

        // R = 100 ms: SRTT 100, RTTVAR 50, RTO = 100 + 4·50 = 300 ms from the next segment's sending.
        NextEchoIsResentAfter(1004, iss + 3, 300 * ms);
    }

    /// <summary>The peer's next data (at <paramref name="peerSeq"/>) in one turn; its echo is resent
    /// exactly <paramref name="timeout"/> after that turn, not before.</summary>
    private void NextEchoIsResentAfter(uint peerSeq, uint ack, ulong timeout)
    {
        var next = SendTcp(peerSeq, ack, Ack, "def"u8);
        _clock.Now += timeout - 1;
        _stack.Tick();
        _link.Sent.Should().BeEmpty($"the timeout is {timeout} ns");
        _clock.Now += 1;
        _stack.Tick();
        Frames.ParseSent(_link.Single(), 6).Sequence.Should().Be(next.Sequence);
    }

    [Fact]
    public void Karn_the_ack_of_a_retransmitted_segment_gives_no_sample_and_the_backed_off_timeout_stays()
    {
        const ulong ms = 1_000_000UL;
        var iss = Handshake();
        var echo = SendTcp(1001, iss, Ack, "abc"u8);
        _clock.Now += TcpConnection.InitialRtoNanoseconds;
        _stack.Tick();
        Frames.ParseSent(_link.Single(), 6).Sequence.Should().Be(echo.Sequence, "the timer resent it");
        _clock.Now += 50 * ms; // 250 ms after the first sending, 50 ms after the second
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1004, iss + 3, Ack, 65535)));
        _link.Sent.Should().BeEmpty();

        // No sample: the RTO stays at the doubled 400 ms. A sample of 250 ms would give 750 ms, one
        // of 50 ms the 200 ms floor.
        var next = SendTcp(1004, iss + 3, Ack, "def"u8);
        _clock.Now += 200 * ms;
        _stack.Tick();
        _link.Sent.Should().BeEmpty("no 50 ms sample was taken from the retransmission");
        _clock.Now += 199 * ms;
        _stack.Tick();
        _link.Sent.Should().BeEmpty();
        _clock.Now += 1 * ms;
        _stack.Tick();
        Frames.ParseSent(_link.Single(), 6).Sequence.Should().Be(next.Sequence,
            "the backed-off 400 ms stays: no 250 ms sample was taken from the first sending");
    }

    [Fact]
    public void A_peer_that_acknowledges_every_segment_after_350_ms_gets_no_retransmission_once_round_trips_are_measured()
    {
        // Request and response: the peer sends 100 bytes, acknowledges every segment of the echo
        // (resent ones too) 350 ms after it left, and sends its next 100 bytes once all are
        // acknowledged. One round trip per exchange, so no ACK of other data restarts the timer.
        const ulong ms = 1_000_000UL, delay = 350 * ms, step = 10 * ms;
        var iss = Handshake();
        var data = new byte[100];
        uint peerSeq = 1001, peerAck = iss, highestSent = iss;
        var due = new Queue<(ulong At, uint Ack)>();
        var start = _clock.Now;
        var warmUp = start + 3_000 * ms;
        var end = start + 13_000 * ms;
        int resentBeforeWarmUp = 0, resentAfterWarmUp = 0, exchanges = 0;
        for (var now = start; now < end; now += step)
        {
            _clock.Now = now;
            var acked = false;
            while (due.Count > 0 && due.Peek().At <= now)
            {
                var ack = due.Dequeue().Ack;
                if (SequenceNumber.Greater(ack, peerAck)) peerAck = ack;
                acked = true;
            }
            if (now == start || (acked && peerAck - iss == peerSeq - 1001))
            {
                data.AsSpan().Fill((byte)exchanges++);
                _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, peerSeq, peerAck, Ack | Psh, 65535, data)));
                peerSeq += (uint)data.Length;
            }
            else if (acked)
            {
                _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, peerSeq, peerAck, Ack, 65535)));
            }
            _stack.Tick();
            foreach (var frame in _link.Sent)
            {
                var segment = Frames.ParseSent(frame, 6);
                var length = (uint)segment.TcpPayload.Length;
                if (length == 0) continue;
                var segmentEnd = segment.Sequence + length;
                if (SequenceNumber.Greater(segmentEnd, highestSent)) highestSent = segmentEnd;
                else if (now < warmUp) resentBeforeWarmUp++;
                else resentAfterWarmUp++;
                due.Enqueue((now + delay, segmentEnd));
            }
            _link.Sent.Clear();
        }
        exchanges.Should().BeGreaterThan(20, "an exchange takes a 350 ms round trip");
        (highestSent - iss).Should().Be(peerSeq - 1001, "everything the peer sent was echoed");
        resentAfterWarmUp.Should().Be(0,
            $"after 3 s of 350 ms round trips the timeout exceeds them ({resentBeforeWarmUp} resent in the first 3 s)");
    }

    [Fact]
    public void Out_of_order_data_is_not_accepted_and_the_expected_sequence_is_acknowledged()
    {
        var iss = Handshake();
        var dupAck = SendTcp(1101, iss, Ack, "future"u8);
        dupAck.Acknowledgment.Should().Be(1001);
        dupAck.TcpPayload.Should().BeEmpty();
    }

    [Fact]
    public void Receive_window_shrinks_while_the_peer_window_is_closed_and_data_flows_once_it_opens()
    {
        var iss = Handshake();
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, iss, Ack, 0)));
        _link.Sent.Clear();
        var data = new byte[6 * 1400];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(i * 7);
        SentPacket ack = null!;
        for (var k = 0; k < 6; k++)
        {
            ack = SendTcp(1001 + (uint)(k * 1400), iss, Ack, data.AsSpan(k * 1400, 1400), window: 0);
            ack.TcpPayload.Should().BeEmpty("the peer's window is closed");
        }
        ack.Acknowledgment.Should().Be(1001 + 8400u);
        ack.Window.Should().Be(8192 - (8400 - 8192), "8192 bytes wait in the send buffer, the rest in the receive buffer");

        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001 + 8400, iss, Ack, 65535)));
        var echoed = _link.Sent.Select(f => Frames.ParseSent(f, 6)).ToList();
        echoed.Should().NotBeEmpty();
        echoed[0].Sequence.Should().Be(iss);
        echoed.SelectMany(e => e.TcpPayload).Should().Equal(data.Take(echoed.Sum(e => e.TcpPayload.Length)));
        echoed.Max(e => e.TcpPayload.Length).Should().Be(536, "the peer sent no MSS option");
    }

    [Fact]
    public void A_closed_peer_window_is_probed_with_one_byte_when_the_persist_timer_fires()
    {
        var iss = Handshake();
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, iss, Ack, 0)));
        _link.Sent.Clear();
        SendTcp(1001, iss, Ack, "waiting"u8, window: 0).TcpPayload.Should().BeEmpty();
        _clock.Now += TcpConnection.InitialRtoNanoseconds;
        _stack.Tick();
        var probe = Frames.ParseSent(_link.Single(), 6);
        probe.Sequence.Should().Be(iss);
        probe.TcpPayload.Should().Equal((byte)'w');
    }

    [Fact]
    public void A_repeated_syn_gets_the_same_syn_ack_and_a_bad_handshake_ack_gets_a_reset()
    {
        var first = SendTcp(1000, 0, Syn);
        var again = SendTcp(1000, 0, Syn);
        again.TcpFlags.Should().Be(Syn | Ack);
        again.Sequence.Should().Be(first.Sequence);
        var rst = SendTcp(1001, first.Sequence + 77, Ack);
        rst.TcpFlags.Should().Be(Rst);
        rst.Sequence.Should().Be(first.Sequence + 77);
    }

    [Fact]
    public void Data_the_peer_retransmits_is_acknowledged_once_and_not_echoed_twice()
    {
        var iss = Handshake();
        SendTcp(1001, iss, Ack, "abc"u8).TcpPayload.Should().Equal("abc"u8.ToArray());
        var dup = SendTcp(1001, iss + 3, Ack, "abc"u8);
        dup.TcpPayload.Should().BeEmpty();
        dup.Acknowledgment.Should().Be(1004);
        var overlap = SendTcp(1002, iss + 3, Ack, "bcdef"u8);
        overlap.TcpPayload.Should().Equal("def"u8.ToArray(), "only the new part of an overlapping segment is taken");
    }

    [Fact]
    public void Segments_of_odd_lengths_held_back_by_a_closed_window_go_out_joined_with_valid_checksums()
    {
        var iss = Handshake();
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001, iss, Ack, 0)));
        _link.Sent.Clear();
        var data = new byte[5 * 101];
        new Random(5).NextBytes(data);
        for (var k = 0; k < 5; k++)
            SendTcp(1001 + (uint)(k * 101), iss, Ack, data.AsSpan(k * 101, 101), window: 0).TcpPayload.Should().BeEmpty();

        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 7, 1001 + 505, iss, Ack, 65535)));
        var echoed = Frames.ParseSent(_link.Single(), 6); // checks the TCP checksum
        echoed.TcpPayload.Should().Equal(data, "the five runs of 101 bytes go out as one segment");
    }

    [Fact]
    public void Bytes_spliced_on_arrival_skip_the_receive_buffer_and_what_finds_no_room_waits_there_in_order()
    {
        var app = new SpliceOnArrivalEcho();
        _stack.Tcp.Listen(9, app);
        var synAck = SendTcp(1000, 0, Syn, dstPort: 9);
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 9, 1001, synAck.Sequence + 1, Ack, 0))); // peer window closed
        var iss = synAck.Sequence + 1;
        var data = new byte[3 * 4000];
        new Random(6).NextBytes(data);
        for (var k = 0; k < 3; k++)
            SendTcp(1001 + (uint)(k * 4000), iss, Ack, data.AsSpan(k * 4000, 4000), dstPort: 9, window: 0);
        app.ReadableAtEvents.Should().Equal([0, 0, 0, 12000 - 8192],
            "the first 8192 bytes went straight to the send buffer, the rest waits in the receive buffer");
        app.Spliced.Should().Be(8192);

        _link.Sent.Clear();
        _stack.Receive(Frames.IpFrame(6, Frames.Tcp(40000, 9, 1001 + 12000, iss, Ack, 65535)));
        var echoed = _link.Sent.Select(f => Frames.ParseSent(f, 6)).SelectMany(p => p.TcpPayload).ToArray();
        echoed.Should().Equal(data.Take(echoed.Length), "the bytes go out in the order they came");
        echoed.Length.Should().Be(8192);
    }

    /// <summary>An echo that asks for its bytes on arrival and records, at each event, how many were
    /// waiting in the receive buffer.</summary>
    private sealed class SpliceOnArrivalEcho : TcpApplication
    {
        public List<int> ReadableAtEvents { get; } = [];
        public int Spliced { get; private set; }

        public override void OnConnectionEvent(TcpConnection c)
        {
            ReadableAtEvents.Add(c.ReadableBytes);
            c.SpliceOnArrival(c);
            Spliced += c.SpliceTo(c);
        }
    }
}
