using System.Globalization;
using System.Text.RegularExpressions;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>instructions: the host instructions a tender executes (user space, every thread), counted
/// by callgrind: for a boot of the minimal guest to its exit, and per WALLTIME hypercall
/// ((count with N calls − count with none) / N). A count, unlike a time, does not move with the load
/// of a shared machine, so two builds of the tender compare exactly: the reference column is
/// --compare-tender if given, else the C floor. Guest instructions and the kernel's work (KVM_RUN,
/// exits) are not counted; `hvt-bench hypercall` and `boot` time those.</summary>
public static partial class InstructionsBench
{
    private const int Calls = 2000;

    public static void Run(BenchOptions o, Report report)
    {
        using var scratch = new ScratchDirectory();
        var tender = Counted("hvt-tender", o.Tender, scratch, n => ["--no-seccomp", "--mem=" + BootBench.MemoryMiB, o.Guest("hcloop"), n]);
        var reference = o.CompareTender != null
            ? Counted(Path.GetFileName(o.CompareTender), o.CompareTender, scratch,
                n => ["--no-seccomp", "--mem=" + BootBench.MemoryMiB, o.Guest("hcloop"), n])
            : Counted("kvm_floor (C)", o.Floor, scratch,
                n => [BootBench.MemoryMiB.ToString(CultureInfo.InvariantCulture), o.Guest("hcloop"), n]);

        long bootT = tender(0), bootR = reference(0);
        long callsT = tender(Calls), callsR = reference(Calls);
        report.Columns("hvt-tender", o.CompareTender != null ? "--compare-tender" : "kvm_floor (C)");
        report.Row("host instructions, boot of the minimal guest to its exit (--no-seccomp)",
            $"{bootT:N0}", $"{bootR:N0}", $"{(double)bootT / bootR:F3}");
        double perCallT = (double)(callsT - bootT) / Calls, perCallR = (double)(callsR - bootR) / Calls;
        report.Row($"host instructions per WALLTIME hypercall ({Calls} calls)",
            $"{perCallT:F0}", $"{perCallR:F0}", $"{perCallT / perCallR:F3}");
        report.Note("Counted by valgrind's callgrind in user space (kernel work is not counted); " +
                    "the same binaries and inputs give the same counts, whatever else the machine runs.");
    }

    /// <summary>A function of N giving the instruction count of one run of <paramref name="executable"/>
    /// under callgrind. NativeAOT's debug information stops valgrind's reader, so a stripped copy runs.</summary>
    private static Func<long, long> Counted(string name, string executable, ScratchDirectory scratch,
        Func<string, string[]> arguments)
    {
        if (!File.Exists(executable)) throw new BenchException($"{name}: {executable} does not exist");
        var copy = Path.Combine(scratch.Path, $"{scratch.Next()}-{Path.GetFileName(executable)}");
        var strip = ProcessRunner.Run("strip", ["-o", copy, executable]);
        if (strip.ExitCode != 0) throw new BenchException($"strip {executable}: {strip.Stderr.Trim()}");
        return n =>
        {
            var r = ProcessRunner.Run("valgrind",
                ["--tool=callgrind", "--callgrind-out-file=/dev/null", copy, .. arguments(n.ToString(CultureInfo.InvariantCulture))],
                TimeSpan.FromMinutes(10));
            var collected = CollectedPattern().Match(r.Stderr);
            if (r.ExitCode != 0 || !collected.Success)
                throw new BenchException($"{name} under callgrind (N={n}) failed: exit {r.ExitCode}: {LastLine(r.Stderr)}");
            return long.Parse(collected.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
        };
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";

    [GeneratedRegex(@"Collected\s*:\s*([0-9,]+)")]
    private static partial Regex CollectedPattern();

    private sealed class ScratchDirectory : IDisposable
    {
        private int _count;
        public string Path { get; } = Directory.CreateTempSubdirectory("hvt-bench-instructions.").FullName;
        public int Next() => ++_count;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
