using FluentAssertions;
using Solo5Net.DevEmu.E1000;
using Solo5Net.DevEmu.Net.Switch;
using Solo5Net.Interop;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Switch;

/// <summary>The software switch between device instances and the tap, in pure C# (no tap, no KVM):
/// forwarding by destination, flooding, learning, pinned addresses, bounded queues and round-robin
/// service, and what a detached port leaves behind (nothing).</summary>
public sealed class FrameSwitchTests
{
    private static readonly MacAddress MacA = MacAddress.ParseOrRandom("02:00:00:00:00:0a");
    private static readonly MacAddress MacB = MacAddress.ParseOrRandom("02:00:00:00:00:0b");
    private static readonly MacAddress MacC = MacAddress.ParseOrRandom("02:00:00:00:00:0c");
    private static readonly byte[] Host = [0x02, 0, 0, 0, 0, 0x01];
    private static readonly byte[] Broadcast = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
    private static readonly byte[] Multicast = [0x01, 0x00, 0x5E, 0x00, 0x00, 0x01];

    private readonly FakeUplink _uplink = new();

    private static byte[] Frame(ReadOnlySpan<byte> destination, ReadOnlySpan<byte> source, byte tag = 0)
    {
        var frame = new byte[60];
        destination.CopyTo(frame);
        source.CopyTo(frame.AsSpan(6));
        frame[12] = 0x08;
        frame[14] = tag;
        return frame;
    }

    private static List<byte[]> Drain(IFramePort port)
    {
        var frames = new List<byte[]>();
        var buffer = new byte[2048];
        for (int n; (n = port.TryReceive(buffer)) >= 0;) frames.Add(buffer[..n]);
        return frames;
    }

    private static bool Readable(IFramePort port) => UnixSocket.WaitReadable(port.Fd, 0);

    [Fact]
    public void A_unicast_frame_goes_only_to_the_port_its_destination_is_pinned_on()
    {
        var sw = new FrameSwitch(_uplink, 3);
        using var a = sw.Attach(0, MacA);
        using var b = sw.Attach(1, MacB);
        using var c = sw.Attach(2, MacC);
        a.TrySend(Frame(MacB.Bytes, MacA.Bytes, tag: 7)).Should().BeTrue();
        Readable(b).Should().BeTrue("the port's eventfd says a frame waits");
        Drain(b).Should().ContainSingle().Which[14].Should().Be(7);
        Readable(b).Should().BeFalse("taking the last frame clears the eventfd");
        Drain(c).Should().BeEmpty();
        Drain(a).Should().BeEmpty();
        _uplink.Sent.Should().BeEmpty();
    }

    [Fact]
    public void Broadcast_multicast_and_unknown_unicast_are_flooded_to_every_other_port_and_the_uplink()
    {
        var sw = new FrameSwitch(_uplink, 3);
        using var a = sw.Attach(0, MacA);
        using var b = sw.Attach(1, MacB);
        using var c = sw.Attach(2, MacC);
        a.TrySend(Frame(Broadcast, MacA.Bytes, 1));
        a.TrySend(Frame(Multicast, MacA.Bytes, 2));
        a.TrySend(Frame([0x02, 9, 9, 9, 9, 9], MacA.Bytes, 3));
        Drain(b).Select(f => f[14]).Should().Equal(1, 2, 3);
        Drain(c).Select(f => f[14]).Should().Equal(1, 2, 3);
        _uplink.Sent.Select(f => f[14]).Should().Equal(1, 2, 3);
        Drain(a).Should().BeEmpty("a frame never goes back out of the port it came in on");
        sw.Flooded.Should().Be(3);
    }

    [Fact]
    public void Source_addresses_are_learned_so_replies_are_not_flooded()
    {
        var sw = new FrameSwitch(_uplink, 2);
        using var a = sw.Attach(0, MacA);
        using var b = sw.Attach(1, MacB);
        _uplink.Incoming.Enqueue(Frame(MacA.Bytes, Host, 1));
        sw.PumpUplink(new byte[2048], 8).Should().Be(1);
        Drain(a).Should().ContainSingle();
        a.TrySend(Frame(Host, MacA.Bytes, 2));
        _uplink.Sent.Should().ContainSingle().Which[14].Should().Be(2);
        Drain(b).Should().BeEmpty("the host's address was learned on the uplink");
        sw.Unicast.Should().Be(2);
    }

    [Fact]
    public void A_port_cannot_draw_away_frames_for_an_address_pinned_on_another()
    {
        var sw = new FrameSwitch(_uplink, 2);
        using var a = sw.Attach(0, MacA);
        using var b = sw.Attach(1, MacB);
        b.TrySend(Frame(Broadcast, MacA.Bytes));   // b pretends to be a
        Drain(a).Should().ContainSingle("the broadcast itself is flooded");
        _uplink.Incoming.Enqueue(Frame(MacA.Bytes, Host, 9));
        sw.PumpUplink(new byte[2048], 8);
        Drain(a).Should().ContainSingle().Which[14].Should().Be(9);
        Drain(b).Should().BeEmpty();
    }

    [Fact]
    public void A_port_that_does_not_drain_loses_only_its_own_frames()
    {
        var sw = new FrameSwitch(_uplink, 2, framesPerSource: 4);
        using var stalled = sw.Attach(0, MacA);
        using var busy = sw.Attach(1, MacB);
        var atBusy = new List<byte[]>();
        for (byte i = 0; i < 10; i++)
        {
            _uplink.Incoming.Enqueue(Frame(MacA.Bytes, Host, i));
            _uplink.Incoming.Enqueue(Frame(MacB.Bytes, Host, i));
            sw.PumpUplink(new byte[2048], 64).Should().Be(2);
            atBusy.AddRange(Drain(busy));
        }
        atBusy.Select(f => f[14]).Should().Equal(Enumerable.Range(0, 10).Select(i => (byte)i));
        stalled.QueueDrops.Should().Be(6, "its queue for the uplink holds 4");
        busy.QueueDrops.Should().Be(0);
        Drain(stalled).Select(f => f[14]).Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public void A_flooding_port_cannot_starve_the_other_sources_of_a_receiver()
    {
        var sw = new FrameSwitch(_uplink, 3, framesPerSource: 8);
        using var flooder = sw.Attach(0, MacA);
        using var receiver = sw.Attach(1, MacB);
        using var quiet = sw.Attach(2, MacC);
        for (int i = 0; i < 1000; i++) flooder.TrySend(Frame(MacB.Bytes, MacA.Bytes, 0xF));
        quiet.TrySend(Frame(MacB.Bytes, MacC.Bytes, 0xC));
        _uplink.Incoming.Enqueue(Frame(MacB.Bytes, Host, 0x1));
        sw.PumpUplink(new byte[2048], 8);
        var first = Drain(receiver).Take(3).Select(f => f[14]).ToList();
        first.Should().BeEquivalentTo(new byte[] { 0xF, 0xC, 0x1 }, "one frame from each source in turn, however much one of them sent");
        receiver.QueueDrops.Should().Be(1000 - 8);
    }

    [Fact]
    public void Detaching_drops_the_waiting_frames_the_learned_addresses_and_the_eventfd()
    {
        var sw = new FrameSwitch(_uplink, 2);
        var a = sw.Attach(0, MacA);
        using var b = sw.Attach(1, MacB);
        b.TrySend(Frame(MacA.Bytes, MacB.Bytes, 1));
        a.TrySend(Frame(Broadcast, [0x02, 7, 7, 7, 7, 7]));   // a learns a second address
        int fd = a.Fd;
        a.Dispose();
        a.Fd.Should().Be(-1);
        Libc.TryRead(fd, new byte[8]).Should().BeNegative("the eventfd is closed");
        b.TrySend(Frame([0x02, 7, 7, 7, 7, 7], MacB.Bytes, 2));
        _uplink.Sent.Should().Contain(f => f[14] == 2, "the address a learned is forgotten, so the frame is flooded");
        using var again = sw.Attach(0, MacA);
        Drain(again).Should().BeEmpty("nothing queued for the previous client is left for the next");
        Readable(again).Should().BeFalse();
    }

    [Fact]
    public void Frames_to_a_port_without_a_client_and_short_frames_go_nowhere()
    {
        var sw = new FrameSwitch(_uplink, 2);
        using var a = sw.Attach(0, MacA);
        a.TrySend(Frame(Broadcast, MacA.Bytes)).Should().BeTrue();
        _uplink.Sent.Should().ContainSingle();
        a.TrySend(new byte[10]).Should().BeTrue();
        sw.Discarded.Should().Be(1);
        _uplink.Refuse = true;
        a.TrySend(Frame(Host, MacA.Bytes));
        sw.UplinkDropped.Should().Be(1);
    }

    [Fact]
    public void A_port_is_attached_once_at_a_time()
    {
        var sw = new FrameSwitch(_uplink, 1);
        using var a = sw.Attach(0, MacA);
        FluentActions.Invoking(() => sw.Attach(0, MacB)).Should().Throw<InvalidOperationException>();
    }
}
