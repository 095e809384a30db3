using System.Globalization;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>net: NET_WRITE frames/s from the netbench guest to a tap in a private namespace,
/// against the floor writing the same frames to the same tap; both run through ip netns exec. The
/// cost per frame is (time with N frames − time with none) / N. The tap's receive counter checks
/// that every frame arrived.</summary>
public static class NetBench
{
    public static void Run(BenchOptions o, Report report)
    {
        using var net = BenchNetwork.Create();
        var runs = Math.Max(3, o.Runs / 3);
        report.Columns("hvt-tender", "kvm_floor (C)");
        foreach (var size in new[] { 1514, 60 })
        {
            string N(long n) => n.ToString(CultureInfo.InvariantCulture);
            var tender = new Subject("hvt-tender", o.Tender,
                n => ["--mem=" + BootBench.MemoryMiB, "--net:service0=" + BenchNetwork.Tap, o.Guest("netbench"), "tx", N(n), N(size)])
                .Via("ip", net.ExecPrefix);
            var floor = new Subject("kvm_floor", o.Floor,
                n => ["-t", BenchNetwork.Tap, N(BootBench.MemoryMiB), o.Guest("netbench"), "tx", N(n), N(size)])
                .Via("ip", net.ExecPrefix);
            foreach (var s in new[] { tender, floor })
            {
                var before = net.TapReceivedFrames(BenchNetwork.Tap);
                s.TimeOnce(o.Frames);
                var arrived = net.TapReceivedFrames(BenchNetwork.Tap) - before;
                if (arrived != o.Frames) throw new BenchException($"{s.Name} sent {o.Frames} frames, the tap received {arrived}");
            }
            var (frame, frameFloor) = Subject.PerUnitMicroseconds(tender, floor, runs, o.Frames);
            report.Row($"NET_WRITE of {size} B frames, per frame ({o.Frames} frames, {runs} runs)", frame, frameFloor, "µs");
            report.Row("  frames/s", 1e6 / frame, 1e6 / frameFloor, "frames/s", "F0");
            report.Row("  throughput", size / frame, size / frameFloor, "MB/s", "F2");
        }
        report.Note("Transmit only: receive is measured end to end by the echo subject.");
    }
}
