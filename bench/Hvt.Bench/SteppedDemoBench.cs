using System.Globalization;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// demo-stepped: the README demo's TCP echo (EchoServer.hvt on an emulated e1000 over vfio-user, every
/// byte compared) where guest code costs what it costs on a software KVM, for a host whose KVM runs guest
/// code natively (hardware or nested KVM, where the demo's time is not made of guest instructions). Both
/// images, this build's and --reference-repo's, run on this build's tender and hvt-devemu, and the tender
/// single-steps its guest (--insn-count): every guest instruction then costs a VM exit, as every one is
/// emulated on a software KVM. Echoes of <see cref="Bytes"/> are timed in alternation, each counted
/// (guest instructions, and VM exits other than the single-step traps) while it runs.
/// </summary>
public static class SteppedDemoBench
{
    /// <summary>Far less than the demo's 1 MiB: a stepped guest runs about a hundred times slower than on a
    /// software KVM, and the main needed some 10,000 instructions per KiB.</summary>
    private const int Bytes = 32 << 10;
    private const int WarmUpBytes = 4 << 10;
    private const int Rounds = DemoBench.Rounds;
    private const string Model = DemoBench.Model;
    /// <summary>The machine: a software KVM (docs/platform.md §1).</summary>
    private const double MicrosecondsPerInstruction = 1, MicrosecondsPerExit = 9;

    public static void Run(BenchOptions o, Report report)
    {
        if (o.ReferenceRepo is not { } referenceRepo)
            throw new BenchException("demo-stepped needs --reference-repo DIR: a checkout to compare with, its examples/EchoServer built");
        var reference = o with { EchoImages = DemoBench.EchoImagesOf(referenceRepo) };
        o.RequireEchoImages("EchoServer.hvt");
        reference.RequireEchoImages("EchoServer.hvt");

        using var current = EchoRig.StartPci(o, Model, InstructionCountMethod.SingleStep);
        using var old = EchoRig.StartPci(reference, Model, InstructionCountMethod.SingleStep);
        var currentRuns = new CountedRuns("this build");
        var oldRuns = new CountedRuns("reference");
        for (int round = 0; round < Rounds; round++)
        {
            oldRuns.Time(old);
            currentRuns.Time(current);
        }
        Print(report, referenceRepo, currentRuns, oldRuns);
    }

    /// <summary>One image's timed echoes with their counts, and those that failed (reported, not fatal).</summary>
    private sealed class CountedRuns(string side)
    {
        private const double KiBPerRun = (Bytes + WarmUpBytes) / 1024.0;

        public List<double> Milliseconds { get; } = [];
        public List<double> InstructionsPerKiB { get; } = [];
        public List<double> ExitsPerKiB { get; } = [];
        public List<string> Failures { get; } = [];
        public long Retransmitted { get; private set; }

        public void Time(EchoRig rig)
        {
            long retransmitted = rig.Network.TcpCounter("RetransSegs");
            try
            {
                double ms = 0;
                var counts = GuestCounts.During(rig, () => ms = rig.WarmTcp(Bytes, WarmUpBytes));
                Milliseconds.Add(ms);
                InstructionsPerKiB.Add(counts.Instructions / KiBPerRun);
                ExitsPerKiB.Add(counts.Exits / KiBPerRun);
            }
            catch (Exception e) when (e is BenchException or HarnessException)
            {
                Failures.Add(e.Message.Split('\n')[0]);
                Console.Error.WriteLine($"hvt-bench demo-stepped: {side}: {Failures[^1]}");
            }
            Retransmitted += rig.Network.TcpCounter("RetransSegs") - retransmitted;
        }

        public double Median(List<double> values) => values.Count > 0 ? Stats.Median(values)
            : throw new BenchException($"demo-stepped: every echo of {side} failed: {Failures[^1]}");

        /// <summary>A MiB's echo at the machine's costs, from the median counts.</summary>
        public double ModelledMilliseconds =>
            (Median(InstructionsPerKiB) * MicrosecondsPerInstruction + Median(ExitsPerKiB) * MicrosecondsPerExit) * 1024 / 1000;
    }

    private static void Print(Report report, string referenceRepo, CountedRuns current, CountedRuns old)
    {
        string F(double v, string format = "F0") => v.ToString(format, CultureInfo.InvariantCulture);
        string Ratio(double a, double b) => (a / b).ToString("F2", CultureInfo.InvariantCulture);
        string All(List<double> values) => string.Join(", ", values.Select(v => F(v)));
        report.Columns("this build", "reference", "reference / this (speed-up)");
        report.Row($"{Bytes / 1024} KiB TCP echo over the {Model}, guest single-stepped, median of {Rounds} alternating",
            F(current.Median(current.Milliseconds)) + " ms", F(old.Median(old.Milliseconds)) + " ms",
            Ratio(old.Median(old.Milliseconds), current.Median(current.Milliseconds)));
        report.Row("  every run (ms)", All(current.Milliseconds), All(old.Milliseconds), "—");
        report.Row("guest instructions per KiB echoed (median)", F(current.Median(current.InstructionsPerKiB)),
            F(old.Median(old.InstructionsPerKiB)), Ratio(old.Median(old.InstructionsPerKiB), current.Median(current.InstructionsPerKiB)));
        report.Row("  every run", All(current.InstructionsPerKiB), All(old.InstructionsPerKiB), "—");
        report.Row("VM exits per KiB echoed, single-step traps left out (median)", F(current.Median(current.ExitsPerKiB), "F1"),
            F(old.Median(old.ExitsPerKiB), "F1"), "—");
        report.Row($"1 MiB echo at {MicrosecondsPerInstruction:F0} µs per instruction and {MicrosecondsPerExit:F0} µs per exit (from the medians)",
            F(current.ModelledMilliseconds) + " ms", F(old.ModelledMilliseconds) + " ms", Ratio(old.ModelledMilliseconds, current.ModelledMilliseconds));
        report.Row("  echoes that failed", F(current.Failures.Count), F(old.Failures.Count), "—");
        report.Row("  segments the host retransmitted", F(current.Retransmitted), F(old.Retransmitted), "—");
        report.Note($"Reference images: {DemoBench.EchoImagesOf(referenceRepo)}; both images run on this build's tender and hvt-devemu, " +
                    $"the tender single-stepping the guest (--insn-count), each on a server of its own, up at once. The client is hvt-bench's " +
                    $"echo-client: one connection, every byte compared, timed after an untimed {WarmUpBytes / 1024} KiB echo by the same process; " +
                    "the counts cover both echoes (per KiB of the two). The modelled row prices the counts at a software KVM's costs " +
                    "(docs/platform.md §1); exits there are those of a stepped guest, which polls less between segments than an unstepped one.");
    }
}
