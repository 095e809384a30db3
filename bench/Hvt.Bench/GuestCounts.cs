using System.Diagnostics;
using System.Globalization;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// Counts what a running tender's guest does: its instructions by the run's <see
/// cref="InstructionCountMethod"/> (on a software KVM every guest instruction is emulated and fires
/// kvm:kvm_emulate_insn once — checked: N WALLTIME calls of hcloop, a 4-instruction loop, give 4N + a
/// constant —, elsewhere the tender single-steps the guest and counts), and through KVM tracepoints
/// (perf stat -p PID) kvm:kvm_userspace_exit its exits to the tender — but for the single-step traps
/// (KVM_EXIT_DEBUG, reason 4), which are the counting's, not the guest's —, kvm:kvm_mmio its accesses
/// to MMIO (device registers the tender or a device server handles).
/// </summary>
public sealed record GuestCounts(double Instructions, double Exits, double MmioExits, double Seconds)
{
    private const int DebugExit = 4;
    private static readonly string[] Events =
        ["-e", "kvm:kvm_emulate_insn", "-e", "kvm:kvm_userspace_exit", "--filter", $"reason != {DebugExit}", "-e", "kvm:kvm_mmio"];

    /// <summary>Counts over the time <paramref name="work"/> takes (plus perf's attach time).</summary>
    public static GuestCounts During(ICountedGuest guest, Action work)
    {
        var clock = Stopwatch.StartNew();
        var before = guest.Counter.Executed();
        using var perf = BackgroundProcess.Start("perf stat", "perf", ["stat", "-x,", .. Events, "-p", guest.TenderId.ToString(CultureInfo.InvariantCulture)]);
        Thread.Sleep(500);                      // perf attaches to every thread before counting
        work();
        perf.Stop(BackgroundProcess.Sigint, TimeSpan.FromSeconds(10));   // as Ctrl-C: perf prints its counts and exits
        var after = guest.Counter.Executed();
        clock.Stop();
        return Parse(perf.Output, clock.Elapsed.TotalSeconds, after - before);
    }

    /// <summary>Counts over a whole run of <paramref name="executable"/> (perf stat -- PROGRAM [COUNTER'S
    /// OPTIONS] ARGS), which must exit 0.</summary>
    public static GuestCounts WholeRun(string executable, IEnumerable<string> args, GuestInstructionCounter counter)
    {
        var clock = Stopwatch.StartNew();
        var perf = ProcessRunner.Run("perf", ["stat", "-x,", .. Events, "--", executable, .. counter.TenderOptions, .. args], TimeSpan.FromMinutes(2));
        if (perf.TimedOut || perf.ExitCode != 0)
            throw new BenchException($"perf stat {executable} did not finish:\n{perf}");
        return Parse(perf.Output, clock.Elapsed.TotalSeconds, counter.Executed());
    }

    /// <summary>
    /// Whether kvm:kvm_emulate_insn counts every guest instruction on this machine's KVM: true on a
    /// software KVM that emulates guest code, false where guest code runs natively (hardware or
    /// nested virtualisation, e.g. the test VM of docs/platform.md §7), where it fires only for the
    /// few instructions KVM emulates (MMIO). Checked with the spin guest's two-instruction loop run
    /// 100,000 times under the floor: at least 200,000 events, or the count means nothing.
    /// </summary>
    public static bool CountsEveryInstruction(BenchOptions o)
    {
        const long Iterations = 100_000;
        var perf = ProcessRunner.Run("perf", ["stat", "-x,", "-e", "kvm:kvm_emulate_insn", "--", o.Floor,
            BootBench.MemoryMiB.ToString(CultureInfo.InvariantCulture), o.Guest("spin"), Iterations.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(2));
        if (perf.TimedOut || perf.ExitCode != 0)
            throw new BenchException($"perf stat {o.Floor} did not finish:\n{perf}");
        return Count(perf.Output, "kvm:kvm_emulate_insn", notCounted: 0) >= 2 * Iterations;   // not counted: nothing emulated
    }

    /// <summary>Counts while the guest idles for <paramref name="seconds"/>.</summary>
    public static GuestCounts Idle(ICountedGuest guest, double seconds) =>
        During(guest, () => Thread.Sleep(TimeSpan.FromSeconds(seconds)));

    /// <summary>These counts with the idle rate over the same time taken away, per unit of work.</summary>
    public GuestCounts PerUnit(GuestCounts idle, int units) => new(
        (Instructions - idle.Instructions / idle.Seconds * Seconds) / units,
        (Exits - idle.Exits / idle.Seconds * Seconds) / units,
        (MmioExits - idle.MmioExits / idle.Seconds * Seconds) / units, Seconds / units);

    /// <param name="executed">The guest instructions the tender counted, or null where the tracepoint counts them.</param>
    private static GuestCounts Parse(string output, double seconds, ulong? executed) =>
        new(executed ?? Count(output, "kvm:kvm_emulate_insn"), Count(output, "kvm:kvm_userspace_exit"), Count(output, "kvm:kvm_mmio"), seconds);

    /// <summary>The count of event <paramref name="name"/> in perf stat's CSV output. perf says
    /// "&lt;not counted&gt;" where the event never ran while the program did (seen for
    /// kvm:kvm_emulate_insn in the test VM): <paramref name="notCounted"/> then, or an error without it.</summary>
    private static double Count(string output, string name, double? notCounted = null)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(name, StringComparison.Ordinal))
                   ?? throw new BenchException($"perf stat gave no {name} count (are KVM tracepoints available?):\n{output}");
        var field = line.Split(',')[0];
        if (field == "<not counted>" && notCounted is { } value) return value;
        return double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw new BenchException($"perf stat: cannot read {name}: {line}");
    }
}
