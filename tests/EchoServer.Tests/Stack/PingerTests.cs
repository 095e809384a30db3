using Solo5Net.EchoServer.Net.Echo;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>--ping: one stack pings the other over a simulated cable until it answers.</summary>
public class PingerTests
{
    [Fact]
    public void The_peer_answers_after_arp_resolves_it()
    {
        var wire = new SimulatedWire();
        var pinger = new Pinger(wire.Client.Icmp, wire.Clock, Frames.StackIp);
        pinger.Tick();
        wire.RunUntil(() => pinger.Answered).Should().BeTrue();
        pinger.Sent.Should().Be(1);
        wire.Server.Icmp.EchoRequestsAnswered.Should().Be(1);
        pinger.NextDeadline.Should().Be(0, "no more requests once the peer answered");
    }

    [Fact]
    public void A_lost_request_is_sent_again_a_second_later()
    {
        var wire = new SimulatedWire();
        var pinger = new Pinger(wire.Client.Icmp, wire.Clock, Frames.StackIp);
        wire.Drop = (n, frame) => frame.Length > 34 && frame[12] == 0x08 && frame[13] == 0x00 && frame[23] == 1 && frame[34] == 8
            && wire.Server.Icmp.EchoRequestsAnswered == 0 && pinger.Sent == 1;
        pinger.Tick();
        wire.RunUntil(() => false, maxSimulatedNanoseconds: 100_000_000).Should().BeFalse();
        pinger.Answered.Should().BeFalse();
        pinger.NextDeadline.Should().NotBe(0, "another request is due");
        wire.Clock.Now = pinger.NextDeadline;
        pinger.Tick();
        wire.RunUntil(() => pinger.Answered).Should().BeTrue();
        pinger.Sent.Should().Be(2);
    }

    [Fact]
    public void A_reply_from_another_host_does_not_count()
    {
        var wire = new SimulatedWire();
        var pinger = new Pinger(wire.Client.Icmp, wire.Clock, 0x0A000063);   // 10.0.0.99: nobody
        pinger.Tick();
        wire.RunUntil(() => false, maxSimulatedNanoseconds: 100_000_000);
        wire.Client.Icmp.SendEchoRequest(Frames.StackIp, 7);
        wire.RunUntil(() => wire.Client.Icmp.EchoRepliesReceived == 1).Should().BeTrue();
        pinger.Answered.Should().BeFalse("the reply came from 10.0.0.2, not the peer");
    }
}
