using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Ip;

namespace Solo5Net.Tests.EchoServer.Stack;

public class LinkLayerTests
{
    private readonly TestClock _clock = new();
    private readonly CapturingLink _link = new(Frames.StackMac);
    private readonly NetworkStack _stack;

    public LinkLayerTests() =>
        _stack = new NetworkStack(_link, _clock, new Ipv4Config { Address = Frames.StackIp, PrefixLength = 24, Gateway = 0x0A0000FE }, 4, 4096);

    private static byte[] ArpRequest(uint senderIp, uint targetIp)
    {
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1, .. new byte[20]];
        Frames.PeerMac.Write(arp, 8);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(14), senderIp);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(24), targetIp);
        return Frames.Ethernet(MacAddress.Broadcast, Frames.PeerMac, 0x0806, arp);
    }

    [Fact]
    public void Arp_request_for_our_address_gets_the_exact_reply()
    {
        _stack.Receive(ArpRequest(Frames.PeerIp, Frames.StackIp));
        _link.Single().Should().Equal(
            0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x06,
            0, 1, 8, 0, 6, 4, 0, 2,
            0x02, 0, 0, 0, 0, 0x02, 10, 0, 0, 2,
            0x02, 0, 0, 0, 0, 0x01, 10, 0, 0, 1,
            // padded to the 60-byte Ethernet minimum
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void Arp_request_for_another_address_is_ignored()
    {
        _stack.Receive(ArpRequest(Frames.PeerIp, 0x0A000063));
        _link.Sent.Should().BeEmpty();
    }

    [Fact]
    public void Sending_to_an_unknown_host_resolves_it_first_then_sends_the_waiting_packet()
    {
        _stack.Udp.TxPayload[0] = 0xAB;
        _stack.Udp.Send(7, 0x0A000005, 9, 1).Should().BeFalse("the next hop is not resolved yet");
        var request = _link.Single();
        MacAddress.Read(request, 0).IsBroadcast.Should().BeTrue();
        BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(20)).Should().Be(1, "ARP request");
        BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(38)).Should().Be(0x0A000005);

        byte[] reply = [0, 1, 8, 0, 6, 4, 0, 2, .. new byte[20]];
        new MacAddress(0x02_00_00_00_00_05UL).Write(reply, 8);
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(14), 0x0A000005);
        Frames.StackMac.Write(reply, 18);
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(24), Frames.StackIp);
        _stack.Receive(Frames.Ethernet(Frames.StackMac, new MacAddress(0x02_00_00_00_00_05UL), 0x0806, reply));

        var sent = _link.Single();
        MacAddress.Read(sent, 0).Value.Should().Be(0x02_00_00_00_00_05UL);
        sent[23].Should().Be(17, "the parked UDP packet went out");
        sent[14 + 28].Should().Be(0xAB);
        _stack.Udp.Send(7, 0x0A000005, 9, 1).Should().BeTrue("now it is cached");
    }

    [Fact]
    public void Off_link_destinations_go_through_the_gateway()
    {
        _stack.Udp.Send(7, 0x08080808, 9, 0);
        var request = _link.Single();
        BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(38)).Should().Be(0x0A0000FE, "the gateway is resolved, not the far host");
    }

    [Fact]
    public void Icmp_echo_request_gets_a_reply_with_the_same_identifier_sequence_and_data()
    {
        _stack.Receive(ArpRequest(Frames.PeerIp, Frames.StackIp));
        _link.Sent.Clear();
        byte[] echo = [8, 0, 0, 0, 0x12, 0x34, 0x00, 0x01, .. "abcdefghijklmnopq"u8.ToArray()];
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), Frames.Checksum(echo));
        _stack.Receive(Frames.IpFrame(1, echo));

        var reply = Frames.ParseSent(_link.Single(), 1);
        reply.Body[0].Should().Be(0, "echo reply");
        reply.Body.AsSpan(4).ToArray().Should().Equal(echo.AsSpan(4).ToArray());
        _stack.Icmp.EchoRequestsAnswered.Should().Be(1);
    }

    [Theory]
    [InlineData(0x1234, 0x0001, "abcdefghijklmnopq")]
    [InlineData(0xF7FF, 0xFFFF, "")]
    [InlineData(0x0000, 0x0000, "")]           // the reply sums to zero: checksum 0xFFFF
    [InlineData(0xFFFF, 0x0000, "")]           // the reply sums to 0xFFFF: checksum 0, same request checksum as above
    [InlineData(0x0000, 0xF7FF, "\0")]
    [InlineData(0x0800, 0xFFFF, "\u00ff\u00ff\u00ff")]
    public void Icmp_echo_reply_checksum_is_the_one_computed_over_the_reply(int identifier, int sequence, string data)
    {
        _stack.Receive(ArpRequest(Frames.PeerIp, Frames.StackIp));
        _link.Sent.Clear();
        byte[] echo = [8, 0, 0, 0, (byte)(identifier >> 8), (byte)identifier, (byte)(sequence >> 8), (byte)sequence,
            .. data.Select(c => (byte)c)];
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), Frames.Checksum(echo));
        _stack.Receive(Frames.IpFrame(1, echo));

        var reply = Frames.ParseSent(_link.Single(), 1).Body;
        var fresh = reply.ToArray();
        fresh[2] = fresh[3] = 0;
        BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(2)).Should().Be(Frames.Checksum(fresh));
    }

    [Fact]
    public void Icmp_echo_reply_checksum_is_the_one_computed_over_the_reply_for_any_request()
    {
        Prop.ForAll<ushort, ushort, byte[]>((identifier, sequence, data) =>
        {
            data ??= [];
            if (data.Length > 1000) data = data[..1000];
            _link.Sent.Clear();
            _stack.Receive(ArpRequest(Frames.PeerIp, Frames.StackIp));
            _link.Sent.Clear();
            byte[] echo = [8, 0, 0, 0, (byte)(identifier >> 8), (byte)identifier, (byte)(sequence >> 8), (byte)sequence, .. data];
            BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), Frames.Checksum(echo));
            _stack.Receive(Frames.IpFrame(1, echo));
            var reply = Frames.ParseSent(_link.Single(), 1).Body;
            var fresh = reply.ToArray();
            fresh[2] = fresh[3] = 0;
            return BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(2)) == Frames.Checksum(fresh)
                && reply.AsSpan(4).SequenceEqual(echo.AsSpan(4));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Fragments_and_corrupt_headers_are_dropped()
    {
        _stack.Receive(ArpRequest(Frames.PeerIp, Frames.StackIp));
        _link.Sent.Clear();
        var udp = Frames.Udp(5000, 7, "x"u8);
        _stack.Receive(Frames.Ethernet(Frames.StackMac, Frames.PeerMac, 0x0800, Frames.Ipv4(Frames.PeerIp, Frames.StackIp, 17, udp, 0x2000)));
        _stack.Receive(Frames.Ethernet(Frames.StackMac, Frames.PeerMac, 0x0800, Frames.Ipv4(Frames.PeerIp, Frames.StackIp, 17, udp, 0x0010)));
        var corrupt = Frames.IpFrame(17, udp);
        corrupt[14 + 8] ^= 1; // TTL changes, checksum no longer matches
        _stack.Receive(corrupt);
        _link.Sent.Should().BeEmpty();
        _stack.Ipv4.FragmentsDropped.Should().Be(2);
        _stack.Ipv4.PacketsDropped.Should().Be(1);
    }
}
