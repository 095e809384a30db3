using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>boot: exec of the program until its exit, the guest (hcloop 0) halting at once; with,
/// in the same interleaved runs, the shares of that time: a .NET process's start and exit alone
/// (runtime-floor, an empty program published like hvt-tender) and a C process's (process_floor, an
/// empty program built like kvm_floor), hvt-tender --version (the .NET process plus the tender's own
/// start, no VM work), and the boot without the seccomp confinement step; then the resident memory
/// and threads of each while a guest runs (<see cref="RunningFootprint"/>).</summary>
public static class BootBench
{
    public const int MemoryMiB = 32;
    public const double GoalMs = 24;
    /// <summary>Issue 18 item 5: boot-to-exit at most this many times kvm_floor's.</summary>
    public const double FloorRatioGoal = 1.3;

    public static Subject Tender(BenchOptions o) =>
        new("hvt-tender", o.Tender, n => ["--mem=" + MemoryMiB, o.Guest("hcloop"), n.ToString(CultureInfo.InvariantCulture)]);

    public static Subject Floor(BenchOptions o) =>
        new("kvm_floor", o.Floor, n => [MemoryMiB.ToString(CultureInfo.InvariantCulture), o.Guest("hcloop"), n.ToString(CultureInfo.InvariantCulture)]);

    public static void Run(BenchOptions o, Report report)
    {
        if (!File.Exists(o.ProcessFloor))
            throw new BenchException($"{o.ProcessFloor} not found: it is built next to kvm_floor (make -C bench/floor OUT=DIR)");
        Subject[] subjects =
        [
            Tender(o),
            Floor(o),
            new("runtime-floor", o.RuntimeFloor, _ => []),
            new("hvt-tender --version", o.Tender, _ => ["--version"]),
            new("hvt-tender --no-seccomp", o.Tender, _ => ["--no-seccomp", "--mem=" + MemoryMiB, o.Guest("hcloop"), "0"]),
            new("process_floor", o.ProcessFloor, _ => []),
        ];
        if (o.CompareTender != null)
            subjects = [.. subjects, new("--compare-tender", o.CompareTender, _ => ["--mem=" + MemoryMiB, o.Guest("hcloop"), "0"])];
        foreach (var s in subjects) s.Warm();
        var medians = Subject.InterleavedMedians(subjects, o.Runs, 0);
        double boot = medians[0], floor = medians[1], runtime = medians[2], version = medians[3], unconfined = medians[4], process = medians[5];
        report.Columns("hvt-tender", "kvm_floor (C)");
        report.Row($"boot-to-exit, minimal guest, --mem={MemoryMiB} ({o.Runs} runs, median)", boot, floor, "ms");
        report.Row("of which the process alone (runtime-floor: an empty .NET program, same settings; process_floor: an empty C program, same compiler flags)",
            $"{runtime:F1} ms", $"{process:F1} ms", $"{runtime / process:F2}");
        report.Row("the program's own share (boot-to-exit − process alone)", $"{boot - runtime:F1} ms", $"{floor - process:F1} ms",
            $"{(boot - runtime) / (floor - process):F2}");
        report.Row("hvt-tender --version (process + the tender's start, no VM)", $"{version:F1} ms", "—", "—");
        report.Row("the same boot with --no-seccomp (no confinement step)", $"{unconfined:F1} ms", "—", "—");
        if (o.CompareTender != null)
            report.Row($"the same boot with --compare-tender {Path.GetFileName(o.CompareTender)} (runs interleaved)", $"{medians[^1]:F2} ms",
                "—", $"{boot - medians[^1]:+0.00;-0.00} ms");
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
        report.Note($"Goal: boot-to-exit ≤ {FloorRatioGoal:F1}× kvm_floor's: {(boot <= FloorRatioGoal * floor ? "met" : "not met")} ({boot / floor:F2}×). " +
                    $"It allows {(FloorRatioGoal - 1) * floor:F1} ms over kvm_floor; a .NET process's start and exit alone take {runtime - process:F1} ms more than a C process's.");
    }
}
