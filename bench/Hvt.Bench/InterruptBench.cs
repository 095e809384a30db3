using System.Globalization;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// interrupt: the cost of one device interrupt, raise → guest wakes, delivered as INTx, MSI and
/// MSI-X, on hvt-devemu's edu (--msix 32, so it offers all three) over vfio-user. The guest
/// (bench/guests-cs/irq-cost) writes edu's raise register and sleeps in Solo5.Yield until its
/// device's bit is reported, timing both on its TSC clock, in rounds that alternate the three
/// modes; INTx, the only delivery before MSI-X, is the reference.
/// </summary>
public static class InterruptBench
{
    private const int Rounds = 4, MaxSamplesPerBlock = 64, MsixVectors = 32;
    private static readonly string[] Modes = ["intx", "msi", "msix"];
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);

    public static void Run(BenchOptions o, Report report)
    {
        if (!File.Exists(o.IrqImage))
            throw new BenchException($"{o.IrqImage} not found: build it with dotnet build bench/guests-cs/irq-cost -c Release (or pass --irq-image PATH)");
        int samples = Math.Clamp(o.Echoes / Rounds, 1, MaxSamplesPerBlock);
        using var edu = DevEmuServer.Start("edu", ["--msix", MsixVectors.ToString(CultureInfo.InvariantCulture)], executable: o.DevEmu);
        var r = ProcessRunner.Run(o.Tender, ["--mem=64", "--pci-dev:edu0=vfio-user:" + edu.SocketPath, o.IrqImage,
            Rounds.ToString(CultureInfo.InvariantCulture), samples.ToString(CultureInfo.InvariantCulture)], RunLimit);
        if (r.TimedOut || r.ExitCode != 0 || !r.Stdout.Contains("irq done", StringComparison.Ordinal))
            throw new BenchException($"irq-cost.hvt did not finish (exit {r.ExitCode}{(r.TimedOut ? ", timed out" : "")}):\n{r.Output}\n{edu.Describe()}");
        var raise = Modes.ToDictionary(m => m, _ => new List<double>());
        var wake = Modes.ToDictionary(m => m, _ => new List<double>());
        foreach (var line in r.Stdout.Split('\n').Where(l => l.StartsWith("irq ", StringComparison.Ordinal) && l.Contains(" raise=", StringComparison.Ordinal)))
        {
            var fields = line.Trim().Split(' ');
            raise[fields[1]].AddRange(Samples(fields[2]));
            wake[fields[1]].AddRange(Samples(fields[3]));
        }
        if (wake["msix"].Count == 0) throw new BenchException("irq-cost.hvt measured no MSI-X: the tender does not serve edu's MSI-X");
        Print(report, raise, wake, samples);
    }

    /// <summary>"raise=NS,NS,…" → microseconds.</summary>
    private static IEnumerable<double> Samples(string field) =>
        field[(field.IndexOf('=') + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture) / 1000);

    private static void Print(Report report, Dictionary<string, List<double>> raise, Dictionary<string, List<double>> wake, int samples)
    {
        string Us(double v) => v.ToString("F1", CultureInfo.InvariantCulture) + " µs";
        string Ratio(double a, double b) => (a / b).ToString("F2", CultureInfo.InvariantCulture);
        void Row(string measure, Func<string, double> value) =>
            report.Cells(measure, Us(value("intx")), Us(value("msi")), Us(value("msix")), Ratio(value("msi"), value("intx")), Ratio(value("msix"), value("intx")));
        report.Columns("INTx", "MSI", "MSI-X (vector 0)", "MSI / INTx", "MSI-X / INTx");
        int n = wake["intx"].Count;
        Row($"raise → guest wakes, median ({n} interrupts each, {Rounds} alternating rounds)", m => Stats.Median(wake[m]));
        Row("raise → guest wakes, p99", m => Stats.Percentile(wake[m], 99));
        Row("  of which the raise: the trapped register write, forwarded over vfio-user (median)", m => Stats.Median(raise[m]));
        Row("  the delivery after the write returns (median of the differences)",
            m => Stats.Median(wake[m].Zip(raise[m], (w, r) => w - r).ToList()));
        report.Note($"hvt-devemu edu --msix {MsixVectors} over vfio-user; the guest bench/guests-cs/irq-cost.hvt writes edu's raise register " +
                    "(cause bit 0, which the model sends as MSI-X vector 0) and sleeps in Solo5.Yield until its device's bit is in the ready set, " +
                    $"{samples} interrupts per mode per round after one unrecorded one; times from the guest's TSC clock. " +
                    "For MSI-X the guest also takes the fired vector (TakeFiredVectors, a memory read). Ratios are to INTx.");
    }
}
