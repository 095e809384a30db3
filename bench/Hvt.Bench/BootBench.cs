using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>boot: exec of the program until its exit, the guest (hcloop 0) halting at once; with,
/// in the same interleaved runs, the shares of that time: a .NET process's start and exit alone
/// (runtime-floor, an empty program published like hvt-tender), hvt-tender --version (that plus the
/// tender's own start, no VM work), and the boot without the seccomp confinement step; then the
/// resident memory and threads of each while a guest runs (<see cref="RunningFootprint"/>).</summary>
public static class BootBench
{
    public const int MemoryMiB = 32;
    public const double GoalMs = 24;

    public static Subject Tender(BenchOptions o) =>
        new("hvt-tender", o.Tender, n => ["--mem=" + MemoryMiB, o.Guest("hcloop"), n.ToString(CultureInfo.InvariantCulture)]);

    public static Subject Floor(BenchOptions o) =>
        new("kvm_floor", o.Floor, n => [MemoryMiB.ToString(CultureInfo.InvariantCulture), o.Guest("hcloop"), n.ToString(CultureInfo.InvariantCulture)]);

    public static void Run(BenchOptions o, Report report)
    {
        Subject[] subjects =
        [
            Tender(o),
            Floor(o),
            new("runtime-floor", o.RuntimeFloor, _ => []),
            new("hvt-tender --version", o.Tender, _ => ["--version"]),
            new("hvt-tender --no-seccomp", o.Tender, _ => ["--no-seccomp", "--mem=" + MemoryMiB, o.Guest("hcloop"), "0"]),
        ];
        if (o.CompareTender != null)
            subjects = [.. subjects, new("--compare-tender", o.CompareTender, _ => ["--mem=" + MemoryMiB, o.Guest("hcloop"), "0"])];
        foreach (var s in subjects) s.Warm();
        var medians = Subject.InterleavedMedians(subjects, o.Runs, 0);
        double boot = medians[0], floor = medians[1], runtime = medians[2], version = medians[3], unconfined = medians[4];
        report.Columns("hvt-tender", "kvm_floor (C)");
        report.Row($"boot-to-exit, minimal guest, --mem={MemoryMiB} ({o.Runs} runs, median)", boot, floor, "ms");
        report.Row("of which a .NET process alone (runtime-floor: an empty program, same settings)", $"{runtime:F1} ms", "—", "—");
        report.Row("the tender's own share (boot-to-exit − process alone)", $"{boot - runtime:F1} ms", "—", "—");
        report.Row("hvt-tender --version (process + the tender's start, no VM)", $"{version:F1} ms", "—", "—");
        report.Row("the same boot with --no-seccomp (no confinement step)", $"{unconfined:F1} ms", "—", "—");
        if (o.CompareTender != null)
            report.Row($"the same boot with --compare-tender {Path.GetFileName(o.CompareTender)} (runs interleaved)", $"{medians[5]:F2} ms",
                "—", $"{boot - medians[5]:+0.00;-0.00} ms");
        var spin = (string[])["--mem=" + MemoryMiB, o.Guest("hcall"), "spin"];
        var ours = RunningFootprint.Of("hvt-tender", o.Tender, spin);
        var floorFootprint = RunningFootprint.Of("kvm_floor", o.Floor, [MemoryMiB.ToString(CultureInfo.InvariantCulture), o.Guest("hcall"), "spin"]);
        report.Row("resident while the guest runs (hcall spin, --mem=32; guest pages barely touched)", $"{ours.ResidentKib:N0} KiB",
            $"{floorFootprint.ResidentKib:N0} KiB", $"{(double)ours.ResidentKib / floorFootprint.ResidentKib:F2}");
        report.Cells("threads while the guest runs", ours.DescribeThreads(), floorFootprint.DescribeThreads(), "—");
        if (o.CompareTender != null)
        {
            var theirs = RunningFootprint.Of("--compare-tender", o.CompareTender, spin);
            report.Cells($"the same with --compare-tender {Path.GetFileName(o.CompareTender)}: resident, threads",
                $"{theirs.ResidentKib:N0} KiB; {theirs.DescribeThreads()}", "—", "—");
        }
        report.Note($"Goal: boot-to-exit ≤ {GoalMs:F0} ms: {(boot <= GoalMs ? "met" : "not met")} ({boot:F1} ms; the process alone {runtime:F1} ms).");
    }
}
