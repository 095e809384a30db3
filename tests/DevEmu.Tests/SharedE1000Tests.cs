using System.Text;
using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// One hvt-devemu e1000 with two client slots on a real tap in a private network namespace, driven
/// by two vfio-user clients: each instance has its own address and rings, frames between them stay
/// inside the switch, frames from the host reach only the instance they are for, and what one
/// client does (not draining, flooding, leaving) costs only that client its frames.
/// </summary>
public sealed class SharedE1000Tests : IDisposable
{
    private const string TapName = "s5sw0", HostAddress = "10.12.0.1";
    private static readonly byte[] MacA = [2, 0, 0, 0, 0, 0x0a], MacB = [2, 0, 0, 0, 0, 0x0b];
    private static readonly byte[] IpA = [10, 12, 0, 10], IpB = [10, 12, 0, 11], IpHost = [10, 12, 0, 1];

    private readonly NetNamespace? _ns;
    private readonly DevEmuServer? _server;

    public SharedE1000Tests()
    {
        if (!TestEnvironment.IsRoot) return;
        _ns = NetNamespace.Create();
        try
        {
            _ns.Exec("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
            _ns.AddTap(TapName, HostAddress + "/24");
            _ns.Exec("ip", "neigh", "add", "10.12.0.10", "lladdr", "02:00:00:00:00:0a", "dev", TapName);
            _ns.Exec("ip", "neigh", "add", "10.12.0.11", "lladdr", "02:00:00:00:00:0b", "dev", TapName);
            _server = DevEmuServer.Start("e1000", ["--clients", "2", "--tap", TapName, "--mac", "02:00:00:00:00:0a"], _ns, verbose: true);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _server?.Dispose();
        _ns?.Dispose();
    }

    private byte[] TapMac => Convert.FromHexString(_ns!.Exec("cat", $"/sys/class/net/{TapName}/address").Stdout.Trim().Replace(":", ""));

    private void HostSends(string toAddress, string text) =>
        _ns!.Exec("bash", "-c", $"echo -n {text} > /dev/udp/{toAddress}/7777");

    private static string PayloadOf(byte[] frame) => frame.Length > 42 ? Encoding.ASCII.GetString(frame, 42, frame.Length - 42).TrimEnd('\0') : "";

    [RootFact]
    public void Each_instance_has_its_own_address_and_frames_between_them_stay_in_the_switch()
    {
        using var a = new E1000TestClient(_server!.SocketPath);
        using var b = new E1000TestClient(_server.SocketPath);
        a.Mac.Should().Equal(MacA, "the first instance has the address given");
        b.Mac.Should().Equal(MacB, "the second one's follows it");
        long hostFrames = _ns!.TapReceivedFrames(TapName);

        a.Send(TestFrames.Udp(dst: MacB, src: MacA, payload: Encoding.ASCII.GetBytes("a-to-b"), srcIp: IpA, dstIp: IpB));
        var atB = b.Receive();
        atB.Should().NotBeNull(_server.Describe());
        PayloadOf(atB!).Should().Be("a-to-b");
        a.ReceiveAll().Should().BeEmpty("a frame never comes back to its sender");
        _ns.TapReceivedFrames(TapName).Should().Be(hostFrames, "a unicast frame between instances never reaches the tap");

        HostSends("10.12.0.11", "host-to-b");
        PayloadOf(b.Receive()!).Should().Be("host-to-b");
        HostSends("10.12.0.10", "host-to-a");
        PayloadOf(a.Receive()!).Should().Be("host-to-a");
        b.ReceiveAll().Should().BeEmpty("b's address is pinned to its port, so the host's frame for a went to a only");
    }

    [RootFact]
    public void A_broadcast_reaches_the_other_instance_and_the_host()
    {
        using var a = new E1000TestClient(_server!.SocketPath);
        using var b = new E1000TestClient(_server.SocketPath);
        long hostFrames = _ns!.TapReceivedFrames(TapName);
        byte[] broadcast = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        a.Send(TestFrames.Udp(dst: broadcast, src: MacA, payload: Encoding.ASCII.GetBytes("to-all"), srcIp: IpA, dstIp: [10, 12, 0, 255]));
        PayloadOf(b.Receive()!).Should().Be("to-all");
        Eventually(() => _ns.TapReceivedFrames(TapName) > hostFrames).Should().BeTrue("the broadcast is flooded to the tap too");
    }

    [RootFact]
    public void A_client_that_stops_draining_its_ring_loses_only_its_own_frames()
    {
        using var stalled = new E1000TestClient(_server!.SocketPath, receive: false);
        using var b = new E1000TestClient(_server.SocketPath);
        for (int i = 0; i < 20; i++)
        {
            HostSends("10.12.0.10", $"lost-{i}");
            HostSends("10.12.0.11", $"kept-{i}");
            PayloadOf(b.Receive()!).Should().Be($"kept-{i}", "b gets every frame the host sends it");
        }
        Eventually(() => stalled.ReadMissed() >= 20).Should().BeTrue("the stalled client misses its own frames");
        stalled.Missed.Should().Be(20);
    }

    [RootFact]
    public void A_client_flooding_the_tap_does_not_keep_the_other_from_its_frames()
    {
        using var flooder = new E1000TestClient(_server!.SocketPath);
        using var b = new E1000TestClient(_server.SocketPath);
        var tapMac = TapMac;
        using var stop = new CancellationTokenSource();
        var flood = Task.Run(() =>
        {
            var frame = TestFrames.Udp(dst: tapMac, src: MacA, payload: new byte[1000], srcIp: IpA, dstIp: IpHost, dstPort: 9);
            int sent = 0;
            while (!stop.IsCancellationRequested) { flooder.Send(frame); sent++; }
            return sent;
        });
        try
        {
            for (int i = 0; i < 10; i++)
            {
                HostSends("10.12.0.11", $"through-{i}");
                var frame = b.Receive();
                frame.Should().NotBeNull($"frame {i} reaches b while the other client floods\n{_server.Describe()}");
                PayloadOf(frame!).Should().Be($"through-{i}");
            }
        }
        finally
        {
            stop.Cancel();
        }
        flood.Result.Should().BeGreaterThan(10, "the flood really ran");
    }

    [RootFact]
    public void A_client_that_leaves_frees_its_slot_for_a_fresh_instance_and_the_other_is_served_on()
    {
        var a = new E1000TestClient(_server!.SocketPath);
        using var b = new E1000TestClient(_server.SocketPath);
        HostSends("10.12.0.10", "queued-for-a");
        a.Dispose();
        _server.WaitForClientToLeave(1).Should().BeTrue(_server.Describe());
        HostSends("10.12.0.11", "still-b");
        PayloadOf(b.Receive()!).Should().Be("still-b");
        using var next = new E1000TestClient(_server.SocketPath);
        next.Mac.Should().Equal(MacA, "the slot keeps its address for the next client");
        next.ReceiveAll().Should().BeEmpty("nothing of the previous client's traffic is left for the next");
        HostSends("10.12.0.10", "for-next");
        PayloadOf(next.Receive()!).Should().Be("for-next");
    }

    [RootFact]
    public void A_client_with_bad_descriptors_and_dma_addresses_faults_only_in_its_own_instance()
    {
        var hostile = new E1000TestClient(_server!.SocketPath);
        using var b = new E1000TestClient(_server.SocketPath);
        hostile.SendFrom(0xDEAD_0000, 1000);           // a buffer outside its mappings
        hostile.SendFrom(0x1_0000_0000 + 0xF000, 8000); // a buffer running past the end of its memory
        hostile.UnmapMemory();                          // its rings now point at nothing
        hostile.Send(new byte[60]);
        HostSends("10.12.0.10", "into-nothing");
        HostSends("10.12.0.11", "for-b");
        PayloadOf(b.Receive()!).Should().Be("for-b", "b is served as before");
        hostile.Dispose();
        _server.WaitForClientToLeave(1).Should().BeTrue(_server.Describe());
        _server.Stderr.Should().MatchRegex(@"client 1 counters: .*dma-faults=[1-9]", "the faults are the hostile client's");
        b.Dispose();
        _server.WaitForClientToLeave(2).Should().BeTrue(_server.Describe());
        _server.Stderr.Should().Contain("client 2 counters: requests=").And.MatchRegex(@"client 2 counters: [^\n]*dma-faults=0 ");
    }

    private static bool Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 250; i++)
        {
            if (condition()) return true;
            Thread.Sleep(20);
        }
        return false;
    }
}
