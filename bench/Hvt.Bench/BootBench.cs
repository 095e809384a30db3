using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>boot: exec of the program until its exit, the guest (hcloop 0) halting at once; and
/// the runtime's share, hvt-tender --version (same executable, no VM work); and the boot without
/// the seccomp confinement step, to show its share.</summary>
public static class BootBench
{
    public const int MemoryMiB = 32;

    public static Subject Tender(BenchOptions o) =>
        new("hvt-tender", o.Tender, n => ["--mem=" + MemoryMiB, o.Guest("hcloop"), n.ToString(CultureInfo.InvariantCulture)]);

    public static Subject Floor(BenchOptions o) =>
        new("kvm_floor", o.Floor, n => [MemoryMiB.ToString(CultureInfo.InvariantCulture), o.Guest("hcloop"), n.ToString(CultureInfo.InvariantCulture)]);

    public static void Run(BenchOptions o, Report report)
    {
        var tender = Tender(o);
        var floor = Floor(o);
        var startup = new Subject("hvt-tender --version", o.Tender, _ => ["--version"]);
        var unconfined = new Subject("hvt-tender --no-seccomp", o.Tender, _ => ["--no-seccomp", "--mem=" + MemoryMiB, o.Guest("hcloop"), "0"]);
        foreach (var s in new[] { tender, floor, startup, unconfined }) s.Warm();
        var (boot, bootFloor) = Subject.InterleavedMedians(tender, floor, o.Runs, 0);
        var (startupOnly, withoutSeccomp) = Subject.InterleavedMedians(startup, unconfined, o.Runs, 0);
        report.Columns("hvt-tender", "kvm_floor (C)");
        report.Row($"boot-to-exit, minimal guest, --mem={MemoryMiB} ({o.Runs} runs, median)", boot, bootFloor, "ms");
        report.Row("of which process start-up (hvt-tender --version)", $"{startupOnly:F1} ms", "—", "—");
        report.Row("the same boot with --no-seccomp (no confinement step)", $"{withoutSeccomp:F1} ms", "—", "—");
        report.Note($"Goal: boot-to-exit ≤ 24 ms: {(boot <= 24 ? "met" : "not met")} ({boot:F1} ms).");
    }
}
