using System.Text.RegularExpressions;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.EchoServer.EndToEnd;

/// <summary>The echo unikernel on the real tender and KVM, answering Linux's own network stack
/// inside a private namespace: over the emulated e1000 and virtio-net (PCI_BASIC over vfio-user,
/// one image) and over NET_BASIC.</summary>
[Collection("echo end to end")]
public class EchoEndToEndTests
{
    public static TheoryData<string> Links => new() { "pci", "virtio", "net" };

    /// <summary>What hvt-devemu logs when the driver set DRIVER_OK with a vector per queue and one for configuration changes.</summary>
    private const string MsixReady = "virtio-net: driver ready, MSI-X: receive vector 0, transmit vector 1, configuration vector 2";

    private static EchoRig Start(string link, params string[] guestArgs) => link switch
    {
        "pci" => EchoRig.StartPci("e1000", guestArgs),
        "virtio" => EchoRig.StartPci("virtio-net", guestArgs),
        _ => EchoRig.StartNetBasic(guestArgs),
    };

    private static void ShouldSucceed(ProcessResult r, EchoRig rig, string expected)
    {
        (r.ExitCode == 0 && r.Stdout.Contains(expected)).Should().BeTrue($"the client should report \"{expected}\"\n{r}\n{rig.Describe()}");
    }

    [KvmTheory]
    [MemberData(nameof(Links))]
    public void Answers_ping(string link)
    {
        using var rig = Start(link);
        var r = rig.Ping(3);
        (r.ExitCode == 0 && r.Stdout.Contains("3 received")).Should().BeTrue($"{r}\n{rig.Describe()}");
    }

    [KvmTheory]
    [MemberData(nameof(Links))]
    public void Echoes_udp(string link)
    {
        using var rig = Start(link);
        ShouldSucceed(rig.Client("udp", EchoRig.GuestAddress, "--count", "5", "--message", "over " + link), rig, "udp ok");
    }

    [KvmTheory]
    [MemberData(nameof(Links))]
    public void Echoes_one_mebibyte_over_tcp_byte_for_byte_and_closes_after_the_client(string link)
    {
        using var rig = Start(link);
        ShouldSucceed(rig.Client("tcp", EchoRig.GuestAddress, "--bytes", (1 << 20).ToString(), "--timeout", "140"), rig, "1048576 bytes echoed byte for byte");
    }

    [KvmTheory]
    [MemberData(nameof(Links))]
    public void Echoes_several_connections_at_once(string link)
    {
        using var rig = Start(link);
        ShouldSucceed(rig.Client("tcp", EchoRig.GuestAddress, "--bytes", "65536", "--connections", "4", "--timeout", "140"), rig, "4 connection(s)");
    }

    [KvmTheory]
    [MemberData(nameof(Links))]
    public void Survives_clients_that_reset_their_connections(string link)
    {
        using var rig = Start(link);
        ShouldSucceed(rig.Client("tcp", EchoRig.GuestAddress, "--bytes", "20000", "--connections", "3", "--abort"), rig, "3 connections reset");
    }

    [KvmTheory]
    [MemberData(nameof(Links))]
    public void Recovers_frames_it_lost_by_retransmitting(string link)
    {
        // The guest loses every 25th frame it sends: only its own TCP retransmission can repair that.
        using var rig = Start(link, "--fault-drop-every=25");
        ShouldSucceed(rig.Client("tcp", EchoRig.GuestAddress, "--bytes", "262144", "--timeout", "140"), rig, "262144 bytes echoed byte for byte");
    }

    [KvmTheory]
    [InlineData("INTx")]
    [InlineData("MSI-X")]
    public void A_virtio_net_device_that_needs_a_reset_in_the_middle_of_tcp_echo_is_reset_and_the_echo_completes(string interrupts)
    {
        // hvt-devemu sets DEVICE_NEEDS_RESET after the guest's 100th frame and stops; the driver sees the
        // configuration interrupt (the ISR's bit, or the configuration vector), resets and restarts the
        // device (mapping its vectors again), and TCP retransmits what was lost.
        string[] msix = interrupts == "MSI-X" ? ["--msix", "3"] : [];
        using var rig = EchoRig.StartPciWithDeviceOptions("virtio-net", ["--fault-needs-reset-after", "100", .. msix]);
        ShouldSucceed(rig.Client("tcp", EchoRig.GuestAddress, "--bytes", "262144", "--timeout", "140"), rig, "262144 bytes echoed byte for byte");
        rig.DeviceStderr.Should().Contain("virtio-net: Injected: device needs reset", rig.Describe());
        var ready = interrupts == "MSI-X" ? MsixReady : "virtio-net: driver ready, INTx";
        Regex.Matches(rig.DeviceStderr, Regex.Escape(ready)).Count.Should().Be(2,
            $"the driver started the device and restarted it, both times with {interrupts}\n{rig.Describe()}");
    }

    [KvmFact]
    public void A_virtio_net_device_with_msix_is_driven_by_a_vector_per_queue_and_answers_ping_udp_and_tcp()
    {
        // The driver enables MSI-X (the tender serves it) and maps receive, transmit and configuration
        // changes to vectors 0, 1, 2; the device then signals only through those messages (no INTx).
        using var rig = EchoRig.StartPciWithDeviceOptions("virtio-net", ["--msix", "3"]);
        rig.DeviceStderr.Should().Contain(MsixReady, rig.Describe());
        var ping = rig.Ping(3);
        (ping.ExitCode == 0 && ping.Stdout.Contains("3 received")).Should().BeTrue($"{ping}\n{rig.Describe()}");
        ShouldSucceed(rig.Client("udp", EchoRig.GuestAddress, "--count", "5", "--message", "over msix"), rig, "udp ok");
        ShouldSucceed(rig.Client("tcp", EchoRig.GuestAddress, "--bytes", (1 << 20).ToString(), "--timeout", "140"), rig, "1048576 bytes echoed byte for byte");
        var report = rig.StopGuestAndTakeDeviceReport();
        var messages = Regex.Match(report, @"msix-messages=(\d+)");
        messages.Success.Should().BeTrue(report);
        long.Parse(messages.Groups[1].Value).Should().BePositive(report);
        report.Should().Contain("msix-vector-refused=0", report);
    }

    [KvmFact]
    public void A_virtio_net_device_offering_only_version_1_is_driven_with_an_address_of_its_own()
    {
        // No MAC, MTU or STATUS: the driver negotiates VERSION_1 alone, makes a locally administered
        // MAC from the device's PCI location and assumes the link is up.
        using var rig = EchoRig.StartPciWithDeviceOptions("virtio-net", ["--features", "version-1"]);
        ShouldSucceed(rig.Client("udp", EchoRig.GuestAddress, "--count", "5", "--message", "fewer features"), rig, "udp ok");
        rig.Describe().Should().NotContain("mac 02:00:00:00:00:02", "the device did not offer its MAC");
    }

    [KvmFact]
    public void A_bad_command_line_is_named_in_one_line_and_exits_1()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0", "10.0.0.1/24");
        var r = ns.RunTool("hvt-tender", ["--net:service=tap0", EchoImages.NetBasic, "--ipv4=10.0.0.2/24", "--ipv4-gateway=banana"],
            TimeSpan.FromSeconds(60));
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stdout.Should().Contain("echo: bad command line: '--ipv4-gateway=banana': --ipv4-gateway must be");
    }

    [KvmFact]
    public void Forcing_the_pci_link_without_a_pci_device_says_so_and_exits_1()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0", "10.0.0.1/24");
        var r = ns.RunTool("hvt-tender", ["--net:service=tap0", EchoImages.NetBasic, "--ipv4=10.0.0.2/24", "--link=pci"],
            TimeSpan.FromSeconds(60));
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stdout.Should().Contain("echo: PCI device net0 is not attached");
    }
}
