using System.Text.RegularExpressions;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.EchoServer.EndToEnd;

/// <summary>
/// VM exits per echo, by count (issue 18 item 4): every access of the echo server's drivers to a
/// device register is a VM exit that hvt-devemu counts, so its counters of the registers the
/// drivers touch while serving (reported when the guest goes) bound the exits per echo: UDP echoes
/// one at a time, then a burst of pings, may cost at most one access for each frame the device put
/// in a receive buffer (the interrupt cause read) and one for each reply (the transmit tail or doorbell) —
/// receive buffers go back to the device without an exit of their own — plus a constant; and the
/// device never lacked a receive buffer, burst included. (Under nested emulation the host dropped
/// part of a burst before hvt-devemu read its tap; those frames never reached the device and are
/// not counted.)
/// </summary>
[Collection("echo end to end")]
public sealed class DeviceAccessCountTests
{
    private const int Echoes = 100;
    private const int Burst = 150;
    // Set-up (each tail written once, the cause register read at reset), the ARP exchange, and one
    // cause read for each time the idle guest wakes up by itself (its timer: once a second).
    private const int Constant = 40;

    [KvmFact]
    public void An_e1000_echo_costs_a_cause_read_per_received_batch_and_a_tail_write_per_sent_batch()
    {
        var (counters, why) = Serve("e1000");
        long received = counters["frames-received"], perFrame = counters["icr-reads"] + counters["tdt-writes"] + counters["rdt-writes"];
        perFrame.Should().BeLessThanOrEqualTo(2 * received + Constant, why);
        counters["rdt-writes"].Should().BeLessThanOrEqualTo(received / 64 + 4, "receive descriptors go back a quarter ring at a time\n" + why);
        counters["rx-no-descriptor"].Should().Be(0, "the device always had receive descriptors\n" + why);
    }

    [KvmFact]
    public void A_virtio_net_echo_costs_an_isr_read_per_received_batch_and_a_doorbell_per_sent_batch()
    {
        var (counters, why) = Serve("virtio-net");
        long received = counters["frames-received"], perFrame = counters["isr-reads"] + counters["tx-notifications"] + counters["rx-notifications"];
        perFrame.Should().BeLessThanOrEqualTo(2 * received + Constant, why);
        counters["rx-notifications"].Should().BeLessThanOrEqualTo(2, "the receive queue asks for no notifications (VIRTQ_USED_F_NO_NOTIFY)\n" + why);
        counters["rx-no-buffer"].Should().Be(0, "the device always had receive buffers\n" + why);
    }

    /// <summary>Echoes, then the burst, then stops the guest; hvt-devemu's counters for it, and what
    /// to show if an assertion fails (the counters and the ping's summary: whether every reply came
    /// back is the host's and the stack's business, not what is counted here).</summary>
    private static (Dictionary<string, long> Counters, string Why) Serve(string model)
    {
        using var rig = EchoRig.StartPci(model);
        var udp = rig.Client("udp", EchoRig.GuestAddress, "--count", Echoes.ToString(), "--message", "counted");
        (udp.ExitCode == 0 && udp.Stdout.Contains("udp ok")).Should().BeTrue($"{udp}\n{rig.Describe()}");
        var ping = rig.PingBurst(Burst);
        ping.Stdout.Should().Contain($"{Burst} packets transmitted", $"{ping}\n{rig.Describe()}");
        var report = rig.StopGuestAndTakeDeviceReport();
        var line = report.Split('\n').LastOrDefault(l => l.Contains(" counters: ", StringComparison.Ordinal));
        line.Should().NotBeNull($"hvt-devemu reports its counters when the guest goes\n{report}");
        var counters = Regex.Matches(line!, @"([a-z0-9-]+)=(\d+)").ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value));
        var summary = ping.Stdout.Split('\n').FirstOrDefault(l => l.Contains("received", StringComparison.Ordinal)) ?? ping.ToString();
        return (counters, $"{line}\nping burst: {summary}");
    }
}
