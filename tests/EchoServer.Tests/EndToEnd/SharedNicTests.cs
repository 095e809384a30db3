using Solo5Net.TestSupport;

namespace Solo5Net.Tests.EchoServer.EndToEnd;

/// <summary>
/// Echo unikernels sharing one hvt-devemu e1000 over vfio-user, on the real tender and KVM: a
/// unikernel that stops and starts again on the same server, two at once with addresses of their
/// own, and one that dies, stalls or is flooded while the other goes on echoing.
/// </summary>
[Collection("echo end to end")]
public class SharedNicTests
{
    private const string First = "10.0.0.2", Second = "10.0.0.3";
    private const int Sigstop = 19, Sigcont = 18;

    private static void ShouldSucceed(ProcessResult r, SharedNicRig rig, string expected) =>
        (r.ExitCode == 0 && r.Stdout.Contains(expected)).Should().BeTrue($"the client should report \"{expected}\"\n{r}\n{rig.Describe()}");

    private static void ShouldAnswerPing(SharedNicRig rig, string address, int count = 3)
    {
        var r = rig.Ping(address, count);
        (r.ExitCode == 0 && r.Stdout.Contains($"{count} received")).Should().BeTrue($"{address} answers ping\n{r}\n{rig.Describe()}");
    }

    [KvmFact]
    public void The_same_unikernel_attaches_detaches_and_attaches_again_five_times_on_one_server()
    {
        using var rig = new SharedNicRig(clients: 1);
        var descriptors = new List<int>();
        for (int run = 1; run <= 5; run++)
        {
            var tender = rig.Start(First);
            ShouldSucceed(rig.Client("udp", First, "--count", "3", "--message", $"run {run}"), rig, "udp ok");
            tender.SignalAndWait(BackgroundProcess.Sigterm).ExitCode.Should().Be(1, "the tender exits 1 on SIGTERM");
            rig.DevEmu.WaitForClientToLeave(run, TimeSpan.FromSeconds(30)).Should().BeTrue($"run {run}: the server sees the tender go\n{rig.Describe()}");
            rig.DevEmu.HasExited.Should().BeFalse("the server outlives its clients");
            descriptors.Add(ProcFs.DescriptorCount(rig.DevEmu.Pid));
        }
        descriptors.Distinct().Should().ContainSingle($"the server holds as many descriptors after each run ({string.Join(", ", descriptors)})");
    }

    [KvmFact]
    public void Two_unikernels_on_one_server_reach_each_other_and_each_answer_ping_udp_and_tcp()
    {
        using var rig = new SharedNicRig(clients: 2);
        rig.Start(Second);
        var pinging = rig.Start(First, "--ping=" + Second);
        pinging.WaitForOutput($"echo: ping {Second} answered", TimeSpan.FromSeconds(60))
            .Should().BeTrue($"one unikernel reaches the other across the switch\n{rig.Describe()}");
        foreach (var address in new[] { First, Second })
        {
            ShouldAnswerPing(rig, address);
            ShouldSucceed(rig.Client("udp", address, "--count", "5", "--message", "to " + address), rig, "udp ok");
            ShouldSucceed(rig.Client("tcp", address, "--bytes", "65536", "--timeout", "140"), rig, "65536 bytes echoed byte for byte");
        }
        rig.DevEmu.Stderr.Should().Contain("client 1 connected (instance 0)").And.Contain("client 2 connected (instance 1)");
    }

    [KvmFact]
    public void A_killed_unikernel_leaves_the_other_echoing_and_its_slot_serves_a_new_one()
    {
        using var rig = new SharedNicRig(clients: 2);
        var doomed = rig.Start(First);
        rig.Start(Second);
        doomed.Kill();
        rig.DevEmu.WaitForClientToLeave(1, TimeSpan.FromSeconds(30)).Should().BeTrue(rig.Describe());
        ShouldSucceed(rig.Client("udp", Second, "--count", "5", "--message", "still here"), rig, "udp ok");
        ShouldSucceed(rig.Client("tcp", Second, "--bytes", "65536", "--timeout", "140"), rig, "65536 bytes echoed byte for byte");
        rig.Start(First);
        ShouldAnswerPing(rig, First);
    }

    [KvmFact]
    public void A_stalled_unikernel_and_a_flooded_one_cost_only_their_own_frames()
    {
        using var rig = new SharedNicRig(clients: 2);
        var stalled = rig.Start(First);
        rig.Start(Second);
        stalled.Signal(Sigstop);   // its receive ring fills and stays full
        var flood = rig.Background("ping flood", "ping", "-f", "-c", "3000", "-s", "1000", "-W", "1", First);
        try
        {
            ShouldSucceed(rig.Client("udp", Second, "--count", "5", "--message", "beside a stalled neighbour"), rig, "udp ok");
            ShouldSucceed(rig.Client("tcp", Second, "--bytes", "65536", "--timeout", "140"), rig, "65536 bytes echoed byte for byte");
        }
        finally
        {
            flood.Kill();
            stalled.Signal(Sigcont);
        }
        ShouldAnswerPing(rig, First);
    }
}
