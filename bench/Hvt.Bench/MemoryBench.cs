using System.Globalization;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// memory: what a long-lived tender and device server hold (docs/architecture.md §6). EchoServer
/// over hvt-devemu's e1000, first warmed up, then a ping flood (--pings, 100,000) and a TCP soak
/// (--connections, 1,000 connections one after another): the tender's and hvt-devemu's resident
/// memory and open descriptors before and after each. With --solo5-hvt PATH, the C ICMP responder
/// (tests/guests/net.c, NET_BASIC) under hvt-tender and under Solo5's C tender, each under the same
/// flood: the C tender is the reference; an idle runtime-floor shows what the NativeAOT runtime alone
/// holds against it.
/// </summary>
public static class MemoryBench
{
    public const long GrowthGoalKib = 512;
    public const double Solo5Goal = 2;
    private const int WarmUpPings = 1000, WarmUpConnections = 20;

    private sealed record Phase(string Label, Footprint Tender, Footprint? DevEmu);

    public static void Run(BenchOptions o, Report report)
    {
        o.RequireEchoImages("EchoServer.hvt");
        if (o.Solo5Hvt != null && !File.Exists(o.Solo5Hvt)) throw new BenchException($"--solo5-hvt {o.Solo5Hvt}: no such file");

        var echo = EchoServerPhases(o, out var flood, out var soak);
        report.Columns("hvt-tender", "hvt-devemu", "solo5-hvt (C)", "hvt-tender / solo5-hvt");
        string Kib(long v) => v.ToString("N0", CultureInfo.InvariantCulture) + " KiB";
        string Growth(long v) => (v >= 0 ? "+" : "") + v.ToString("N0", CultureInfo.InvariantCulture) + " KiB";
        string Fds(int v) => v.ToString(CultureInfo.InvariantCulture);
        foreach (var phase in echo)
            report.Cells($"EchoServer on e1000: resident, {phase.Label}", Kib(phase.Tender.ResidentKib), Kib(phase.DevEmu!.ResidentKib), "—", "—");
        long floodGrowth = echo[2].Tender.ResidentKib - echo[1].Tender.ResidentKib, soakGrowth = echo[3].Tender.ResidentKib - echo[2].Tender.ResidentKib;
        report.Cells("  growth over the flood", Growth(floodGrowth), Growth(echo[2].DevEmu!.ResidentKib - echo[1].DevEmu!.ResidentKib), "—", "—");
        report.Cells("  growth over the soak", Growth(soakGrowth), Growth(echo[3].DevEmu!.ResidentKib - echo[2].DevEmu!.ResidentKib), "—", "—");
        foreach (var phase in echo)
            report.Cells($"EchoServer on e1000: open descriptors, {phase.Label}", Fds(phase.Tender.Descriptors), Fds(phase.DevEmu!.Descriptors), "—", "—");
        report.Cells($"EchoServer on e1000: threads, {echo[3].Label}", echo[3].Tender.DescribeThreads(), echo[3].DevEmu!.DescribeThreads(), "—", "—");
        bool fdsFlat = echo[3].Tender.Descriptors == echo[1].Tender.Descriptors && echo[2].Tender.Descriptors == echo[1].Tender.Descriptors
                       && echo[3].DevEmu!.Descriptors == echo[1].DevEmu!.Descriptors && echo[2].DevEmu!.Descriptors == echo[1].DevEmu!.Descriptors;

        string solo5Goal = "";
        if (o.Solo5Hvt != null)
        {
            var ours = ResponderPhases(o, "hvt-tender", o.Tender, out var ourFlood);
            var theirs = ResponderPhases(o, "solo5-hvt", o.Solo5Hvt, out var theirFlood);
            for (int i = 0; i < ours.Length; i++)
                report.Cells($"net.hvt (NET_BASIC): resident, {ours[i].Label}", Kib(ours[i].Tender.ResidentKib), "—", Kib(theirs[i].Tender.ResidentKib),
                    (ours[i].Tender.ResidentKib / (double)theirs[i].Tender.ResidentKib).ToString("F2", CultureInfo.InvariantCulture));
            report.Cells("  growth over the flood", Growth(ours[2].Tender.ResidentKib - ours[1].Tender.ResidentKib), "—",
                Growth(theirs[2].Tender.ResidentKib - theirs[1].Tender.ResidentKib), "—");
            report.Cells("net.hvt (NET_BASIC): open descriptors, before → after the flood",
                $"{ours[1].Tender.Descriptors} → {ours[2].Tender.Descriptors}", "—", $"{theirs[1].Tender.Descriptors} → {theirs[2].Tender.Descriptors}", "—");
            report.Cells("net.hvt (NET_BASIC): threads, after the flood", ours[2].Tender.DescribeThreads(), "—", theirs[2].Tender.DescribeThreads(),
                (ours[2].Tender.ThreadNames.Count / (double)theirs[2].Tender.ThreadNames.Count).ToString("F2", CultureInfo.InvariantCulture));
            report.Cells("  the flood", ourFlood.Describe(), "—", theirFlood.Describe(), "—");
            double ratio = ours[2].Tender.ResidentKib / (double)theirs[2].Tender.ResidentKib;
            var runtime = IdleRuntimeFootprint(o);
            double runtimeRatio = runtime.ResidentKib / (double)theirs[2].Tender.ResidentKib;
            report.Cells("an idle program published like hvt-tender (runtime-floor --idle): resident",
                Kib(runtime.ResidentKib), "—", "—", runtimeRatio.ToString("F2", CultureInfo.InvariantCulture));
            report.Cells("  its threads", runtime.DescribeThreads(), "—", "—", "—");
            solo5Goal = $"; under the flood within {Solo5Goal:F0}× of Solo5's C tender: {(ratio <= Solo5Goal ? "met" : "not met")} " +
                        $"({ratio:F2}×: {Kib(ours[2].Tender.ResidentKib)} against {Kib(theirs[2].Tender.ResidentKib)}; " +
                        $"the NativeAOT runtime alone, idle, is {runtimeRatio:F2}×)";
            fdsFlat &= ours[2].Tender.Descriptors == ours[1].Tender.Descriptors;
        }
        report.Note($"Warm-up: {WarmUpPings} pings and {WarmUpConnections} connections after the server came up. Flood: ping -f -c {o.Pings} " +
                    $"(limit {o.FloodSeconds} s) from the namespace: {flood.Describe()}. Soak: {o.Connections} TCP connections one after " +
                    $"another, each echoing 1 KiB (every byte compared): {soak.Failed} failed, {soak.Milliseconds / 1000:F0} s. " +
                    "Resident memory is VmRSS of /proc/PID/status, descriptors the entries of /proc/PID/fd, threads the names in /proc/PID/task/*/comm.");
        report.Note($"Goals (issue 23): the tender grows by less than {GrowthGoalKib} KiB over the flood: {(floodGrowth < GrowthGoalKib ? "met" : "not met")} " +
                    $"({Growth(floodGrowth)}); over the soak: {(soakGrowth < GrowthGoalKib ? "met" : "not met")} ({Growth(soakGrowth)}); " +
                    $"no descriptor growth: {(fdsFlat ? "met" : "not met")}{solo5Goal}.");
    }

    /// <summary>EchoServer on hvt-devemu's e1000: footprints when up, after the warm-up, after the flood, after the soak.</summary>
    private static Phase[] EchoServerPhases(BenchOptions o, out PingFlood flood, out (int Connections, int Failed, double Milliseconds) soak)
    {
        using var rig = EchoRig.StartPci(o, "e1000");
        Phase Take(string label) => new(label, Footprint.Of(rig.TenderId), Footprint.Of(rig.DevEmuId));
        var up = Take("server up");
        PingFlood.Run(rig.Network, EchoRig.GuestAddress, WarmUpPings, o.FloodSeconds);
        rig.Soak(WarmUpConnections);
        var warm = Take("after the warm-up");
        flood = PingFlood.Run(rig.Network, EchoRig.GuestAddress, o.Pings, o.FloodSeconds);
        var flooded = Take($"after {flood.Sent:N0} pings");
        soak = rig.Soak(o.Connections);
        var soaked = Take($"after {soak.Connections:N0} connections");
        return [up, warm, flooded, soaked];
    }

    /// <summary>What the NativeAOT runtime alone keeps resident: runtime-floor (an empty program with
    /// hvt-tender's publish settings) asleep, once its resident size has stopped changing.</summary>
    private static Footprint IdleRuntimeFootprint(BenchOptions o)
    {
        if (!File.Exists(o.RuntimeFloor)) throw new BenchException($"{o.RuntimeFloor} not found: build bench/Hvt.Bench (or pass --runtime-floor PATH)");
        using var floor = BackgroundProcess.Start("runtime-floor", o.RuntimeFloor, ["--idle"]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Footprint last = Footprint.Of(floor.Pid);
        for (int steady = 0; steady < 5 && DateTime.UtcNow < deadline; )
        {
            Thread.Sleep(200);
            if (floor.HasExited) throw new BenchException($"runtime-floor --idle exited with status {floor.ExitCode}");
            var now = Footprint.Of(floor.Pid);
            steady = now.ResidentKib == last.ResidentKib ? steady + 1 : 0;
            last = now;
        }
        return last;
    }

    /// <summary>net.hvt under <paramref name="tender"/>: footprints when up, after the warm-up, after the flood.</summary>
    private static Phase[] ResponderPhases(BenchOptions o, string label, string tender, out PingFlood flood)
    {
        using var rig = IcmpResponderRig.Start(label, tender, o.Guest("net"), WarmUpPings + (long)o.Pings * 2);
        Phase Take(string phase) => new(phase, Footprint.Of(rig.TenderId), null);
        var up = Take("guest up");
        PingFlood.Run(rig.Network, IcmpResponderRig.GuestAddress, WarmUpPings, o.FloodSeconds);
        var warm = Take("after the warm-up");
        flood = PingFlood.Run(rig.Network, IcmpResponderRig.GuestAddress, o.Pings, o.FloodSeconds);
        var flooded = Take("after the flood");
        return [up, warm, flooded];
    }
}
