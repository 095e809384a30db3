using Solo5Net.EchoServer.Net.Echo;
using Solo5Net.EchoServer.Net.Tcp;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>The echo server and a client built from the same stack, over a simulated cable.</summary>
public class TwoStackTests
{
    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static (SimulatedWire Wire, EchoService Echo) EchoWire(int connections = 8)
    {
        var wire = new SimulatedWire(connections);
        return (wire, new EchoService(wire.Server.Tcp, wire.Server.Udp));
    }

    [Fact]
    public void One_mebibyte_is_echoed_byte_for_byte_and_both_sides_close()
    {
        var (wire, echo) = EchoWire();
        var data = Pattern(1 << 20, 1);
        var client = new BulkClient(data);
        client.Connection = wire.Client.Tcp.Connect(Frames.StackIp, 7, client);
        wire.RunUntil(() => client.Ended).Should().BeTrue();
        client.Received.Should().Equal(data);
        echo.TcpBytesEchoed.Should().Be((ulong)data.Length);
        wire.Server.Tcp.ConnectionCount.Should().Be(0);
        wire.Client.Tcp.ConnectionCount.Should().Be(0);
    }

    [Fact]
    public void One_mebibyte_survives_a_lossy_link_through_retransmission()
    {
        var (wire, _) = EchoWire();
        var data = Pattern(1 << 20, 2);
        var client = new BulkClient(data);
        var rng = new Random(3);
        wire.Drop = (n, frame) => n > 10 && rng.Next(100) < 2; // 2 % loss after the handshake
        client.Connection = wire.Client.Tcp.Connect(Frames.StackIp, 7, client);
        var retransmissions = 0UL;
        wire.RunUntil(() =>
        {
            retransmissions = Math.Max(retransmissions, client.Connection!.Retransmissions);
            return client.Ended;
        }).Should().BeTrue($"sim time {wire.Clock.Now}, frames {wire.FramesSent}, dropped {wire.FramesDropped}, got {client.Received.Length}, conn {client.Connection!.State} unacked {client.Connection.UnacknowledgedBytes} rtx {client.Connection.Retransmissions}");
        client.Received.Should().Equal(data);
        wire.FramesDropped.Should().BeGreaterThan(0);
        retransmissions.Should().BeGreaterThan(0);
    }

    [Fact]
    public void A_single_dropped_data_segment_is_recovered()
    {
        var (wire, _) = EchoWire();
        var data = Pattern(64 * 1024, 4);
        var client = new BulkClient(data);
        var dropped = false;
        wire.Drop = (_, frame) =>
        {
            // Drop the first full-sized data segment, whichever direction.
            if (dropped || frame.Length < 1000) return false;
            return dropped = true;
        };
        client.Connection = wire.Client.Tcp.Connect(Frames.StackIp, 7, client);
        wire.RunUntil(() => client.Ended).Should().BeTrue();
        dropped.Should().BeTrue();
        client.Received.Should().Equal(data);
    }

    [Fact]
    public void Several_connections_are_echoed_at_the_same_time()
    {
        var (wire, echo) = EchoWire();
        var clients = Enumerable.Range(0, 5).Select(i => new BulkClient(Pattern(40_000 + i * 1000, 10 + i))).ToList();
        foreach (var c in clients) c.Connection = wire.Client.Tcp.Connect(Frames.StackIp, 7, c);
        wire.RunUntil(() => wire.Server.Tcp.ConnectionCount == 5 || clients.All(c => c.Ended));
        wire.RunUntil(() => clients.All(c => c.Ended)).Should().BeTrue();
        for (var i = 0; i < clients.Count; i++) clients[i].Received.Should().Equal(Pattern(40_000 + i * 1000, 10 + i));
        echo.TcpBytesEchoed.Should().Be((ulong)clients.Sum(c => c.Received.Length));
    }

    [Fact]
    public void A_connection_beyond_the_server_slots_is_refused_by_reset_while_the_others_work()
    {
        var wire = new SimulatedWire(serverConnections: 2);
        _ = new EchoService(wire.Server.Tcp, wire.Server.Udp);
        var clients = Enumerable.Range(0, 3).Select(i => new BulkClient(Pattern(100, i), closeWhenSent: false)).ToList();
        foreach (var c in clients)
        {
            c.Connection = wire.Client.Tcp.Connect(Frames.StackIp, 7, c);
            wire.RunUntil(() => c.Ended || c.Received.Length == 100).Should().BeTrue();
        }
        clients[2].Established.Should().BeFalse();
        wire.Server.Tcp.ConnectionCount.Should().Be(2);
    }

    [Fact]
    public void Server_side_close_reaches_the_client_and_both_ends_free_their_slots()
    {
        var wire = new SimulatedWire();
        var greeter = new GreetAndCloseServer("bye"u8.ToArray());
        wire.Server.Tcp.Listen(13, greeter);
        var client = new BulkClient([], closeWhenSent: false);
        client.Connection = wire.Client.Tcp.Connect(Frames.StackIp, 13, client);
        wire.RunUntil(() => client.Ended && greeter.Closed == 1).Should().BeTrue();
        client.Received.Should().Equal("bye"u8.ToArray());
        wire.Server.Tcp.ConnectionCount.Should().Be(0, "TIME-WAIT ended");
    }

    [Fact]
    public void Connecting_to_a_port_without_listener_ends_the_connection_by_reset()
    {
        var wire = new SimulatedWire();
        var client = new BulkClient("x"u8.ToArray());
        client.Connection = wire.Client.Tcp.Connect(Frames.StackIp, 9, client);
        wire.RunUntil(() => client.Ended).Should().BeTrue();
        client.Established.Should().BeFalse();
        wire.Server.Tcp.ResetsSent.Should().Be(1);
    }

    [Fact]
    public void Udp_echo_between_stacks()
    {
        var (wire, echo) = EchoWire();
        var collector = new UdpCollector();
        wire.Client.Udp.Bind(5000, collector);
        "datagram"u8.CopyTo(wire.Client.Udp.TxPayload);
        wire.Client.Udp.Send(5000, Frames.StackIp, 7, 8); // waits for ARP, then goes
        wire.RunUntil(() => collector.Received.Count == 1).Should().BeTrue();
        collector.Received[0].Should().Equal("datagram"u8.ToArray());
        echo.DatagramsEchoed.Should().Be(1);
    }

    private sealed class UdpCollector : Solo5Net.EchoServer.Net.Udp.UdpHandler
    {
        public List<byte[]> Received { get; } = [];

        public override void Receive(uint source, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload) =>
            Received.Add(payload.ToArray());
    }
}
