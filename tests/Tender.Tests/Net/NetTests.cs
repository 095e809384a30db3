using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Net;

/// <summary>NET_BASIC through a real tap in a private network namespace: the net guest answers ARP
/// and ping for 10.0.0.2, over hypercalls 6/7 or over ring I/O (docs/hvt-abi.md §4.4, §5, §7.3).</summary>
public class NetTests
{
    private static ProcessResult RunInNamespace(NetNamespace ns, TimeSpan timeout, params string[] args) =>
        ns.RunTool("hvt-tender", args, timeout);

    private static (ProcessResult Tender, ProcessResult Ping) PingGuest(string mode, int count, params string[] pingOptions)
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0", "10.0.0.1/24");
        using var tender = BackgroundProcess.StartTool("hvt-tender",
            ["--mem=64", "--net:service0=tap0", Guests.Path("net"), mode, count.ToString()], ns);
        // Ping only once the guest owns its device: ping counts the ARP failures of a guest still
        // booting (seconds under emulation) against -c, and stops early.
        bool ready = tender.WaitForOutput("MTU is ", TimeSpan.FromSeconds(90));
        string[] options = pingOptions.Length > 0 ? pingOptions : ["-i", "0.2"];
        var ping = ready
            ? ns.Run("ping", ["-n", "-c", count.ToString(), "-w", "60", .. options, "10.0.0.2"], TimeSpan.FromSeconds(75))
            : new ProcessResult(-1, "", "not run: the guest never printed its MTU", false);
        bool exited = tender.WaitForExit(TimeSpan.FromSeconds(ready ? 30 : 1)) != null;
        if (!exited) tender.Kill();
        return (new ProcessResult(tender.ExitCode ?? -1, tender.Stdout, tender.Stderr, !exited), ping);
    }

    /// <summary>A namespace whose tap carries no traffic of its own (no address, IPv6 off).</summary>
    private static NetNamespace SilentNamespace()
    {
        var ns = NetNamespace.Create();
        ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
        ns.AddTap("tap0");
        return ns;
    }

    [KvmFact]
    public void The_guest_answers_arp_and_ping_over_hypercalls()
    {
        var (tender, ping) = PingGuest("hypercall", 5);
        ping.ExitCode.Should().Be(0, ping.ToString() + tender);
        ping.Stdout.Should().Contain("5 received");
        tender.ShouldSucceedQuietly();
        tender.Stdout.Should().Contain("using hypercalls").And.Contain("replied to 5 echo requests\nSUCCESS");
    }

    [KvmFact]
    public void The_guest_answers_arp_and_ping_over_ring_io()
    {
        var (tender, ping) = PingGuest("ring", 5);
        ping.ExitCode.Should().Be(0, ping.ToString() + tender);
        tender.ShouldSucceedQuietly();
        tender.Stdout.Should().Contain("using ring I/O").And.Contain("replied to 5 echo requests\nSUCCESS");
    }

    [KvmTheory]
    [InlineData("hypercall")]
    [InlineData("ring")]
    public void Two_interfaces_are_served_side_by_side_through_one_poll_and_one_ring(string mode)
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0", "10.0.0.1/24");
        ns.AddTap("tap1", "10.0.1.1/24");
        var tender = Task.Run(() => RunInNamespace(ns, TimeSpan.FromSeconds(90),
            "--net:service0=tap0", "--net:service1=tap1", Guests.Path("net2"), mode, "10"));
        var pings = new[] { "10.0.0.2", "10.0.1.2" }.Select(ip => Task.Run(() =>
            ns.Run("ping", ["-n", "-c", "5", "-i", "0.2", "-w", "60", ip], TimeSpan.FromSeconds(75)))).ToArray();
        foreach (var ping in pings) ping.Result.ExitCode.Should().Be(0, ping.Result.ToString() + tender.Result);
        tender.Result.ShouldSucceedQuietly();
        tender.Result.Stdout.Should().Contain("replied to 10 echo requests\nSUCCESS");
    }

    [KvmFact]
    public void Large_frames_with_a_payload_pattern_come_back_intact_over_the_ring()
    {
        // Flood ping (-f) as fast as the guest answers; ping itself verifies each reply's payload.
        var (tender, ping) = PingGuest("ring", 200, "-f", "-s", "1400", "-p", "deadbeef");
        ping.ExitCode.Should().Be(0, ping.ToString() + tender);
        ping.Output.Should().Contain("200 received").And.NotContain("wrong data byte");
        tender.ShouldSucceedQuietly();
        tender.Stdout.Should().Contain("replied to 200 echo requests");
    }

    [KvmTheory]
    [InlineData("hypercall")]
    [InlineData("ring")]
    public void Bad_handles_are_refused_and_an_empty_queue_answers_again(string mode)
    {
        using var ns = SilentNamespace();
        var r = RunInNamespace(ns, TimeSpan.FromSeconds(60), "--net:service0=tap0", Guests.Path("net"), mode, "checks");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().EndWith("SUCCESS\n");
    }

    [KvmFact]
    public void Frames_submitted_on_the_ring_right_before_halt_still_reach_the_tap()
    {
        TestEnvironment.RequireTool("tcpdump");
        using var ns = SilentNamespace();
        using var tcpdump = BackgroundProcess.Start("tcpdump", "tcpdump",
            ["-i", "tap0", "-n", "-e", "-l", "-c", "16", "ether", "proto", "0x88b5"], ns);
        // tcpdump says it is listening on stderr once its capture is open.
        tcpdump.WaitForOutput("listening on", TimeSpan.FromSeconds(30)).Should().BeTrue("tcpdump opened its capture\n" + tcpdump.Describe());

        var r = RunInNamespace(ns, TimeSpan.FromSeconds(60), "--net:service0=tap0", Guests.Path("net"), "ring", "burst");

        r.ShouldSucceedQuietly();
        tcpdump.WaitForExit(TimeSpan.FromSeconds(30)).Should().NotBeNull("all 16 frames the guest submitted before it halted arrive on the tap");
        tcpdump.Stdout.Split('\n').Count(l => l.Contains("ethertype Unknown (0x88b5)")).Should().Be(16);
    }

    [KvmFact]
    public void A_ring_entry_pointing_outside_guest_memory_ends_the_tender()
    {
        using var ns = SilentNamespace();
        var r = RunInNamespace(ns, TimeSpan.FromSeconds(60), "--mem=64", "--net:service0=tap0", Guests.Path("net"), "ring", "badptr");
        r.ShouldFailWith($"Invalid guest access: gpa=0x{(64UL << 20) - 32:x}, sz=64");
    }

    [KvmFact]
    public void A_net_device_withholds_2MiB_for_the_ring_and_announces_it()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0");
        var r = RunInNamespace(ns, TimeSpan.FromSeconds(60), "--mem=64", "--net:service0=tap0", Guests.Path("net"), "ring", "info");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Contain("mem_size=0x4000000 net_ring=0x4000000 host_features=0x1\n");
    }

    [KvmFact]
    public void Mac_and_mtu_reach_the_guest_manifest()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0", mtu: 9000);
        var r = RunInNamespace(ns, TimeSpan.FromSeconds(60),
            "--net-mac:service0=02:00:5e:10:00:42", "--net:service0=tap0", Guests.Path("net"), "hypercall", "info");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Contain("MAC is 02:00:5e:10:00:42\n").And.Contain("MTU is 9000\n");
    }

    [KvmFact]
    public void Without_a_mac_option_the_guest_gets_a_random_unicast_locally_administered_one()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0");
        var macs = Enumerable.Range(0, 2).Select(_ =>
        {
            var r = RunInNamespace(ns, TimeSpan.FromSeconds(60), "--net:service0=tap0", Guests.Path("net"), "hypercall", "info");
            r.ShouldSucceedQuietly();
            var line = r.Stdout.Split('\n').Single(l => l.StartsWith("MAC is "));
            return line["MAC is ".Length..];
        }).ToList();
        foreach (var mac in macs)
        {
            var first = Convert.ToByte(mac[..2], 16);
            (first & 1).Should().Be(0, "unicast");
            (first & 2).Should().Be(2, "locally administered");
        }
        macs[0].Should().NotBe(macs[1], "48 random bits differ between runs (2^-46 chance of a false failure)");
    }

    [KvmTheory]
    [InlineData("nosuchtap")]
    [InlineData("lo")]
    [InlineData("averyverylongname")]
    public void Attaching_to_something_that_is_not_an_existing_tap_fails_naming_it(string iface)
    {
        using var ns = NetNamespace.Create();
        var r = RunInNamespace(ns, TimeSpan.FromSeconds(60), $"--net:service0={iface}", Guests.Path("net"), "hypercall", "info");
        r.ShouldFailWith($"Could not attach interface: {iface}");
        r.Stderr.Should().Contain($"Invalid option: `--net:service0={iface}'");
    }

    [KvmFact]
    public void A_tap_that_is_down_is_refused()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0");
        ns.Exec("ip", "link", "set", "dev", "tap0", "down");
        var r = RunInNamespace(ns, TimeSpan.FromSeconds(60), "--net:service0=tap0", Guests.Path("net"), "hypercall", "info");
        r.ShouldFailWith("Could not attach interface: tap0: Network is down");
    }
}
