using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>
/// demo: the README demo's 1 MiB TCP echo (EchoServer.hvt on an emulated e1000 over vfio-user, every
/// byte compared), this build against another checkout's build (--reference-repo: its native tender,
/// its hvt-devemu and its EchoServer image, so each side runs as it shipped), both servers up at once
/// in namespaces of their own and timed in alternation, so that load from elsewhere hits them alike.
/// </summary>
public static class DemoBench
{
    private const int Bytes = 1 << 20;
    /// <summary>Echoed untimed first by the same client process: the client is JIT-compiled, and
    /// compiling its socket code took a tenth of a second and more of each echo's time in the test VM.</summary>
    private const int WarmUpBytes = 64 << 10;
    /// <summary>Timed echoes of each side, in alternation (demo-stepped too).</summary>
    public const int Rounds = 5;
    /// <summary>The README demo's device (demo-stepped too).</summary>
    public const string Model = "e1000";

    public static void Run(BenchOptions o, Report report)
    {
        if (o.ReferenceRepo is not { } referenceRepo)
            throw new BenchException("demo needs --reference-repo DIR: a checkout to compare with, built (its tender, devices/Hvt.DevEmu and examples/EchoServer)");
        var reference = o with
        {
            Tender = BenchOptions.NativeTender(referenceRepo),
            DevEmu = Path.Combine(referenceRepo, "devices", "Hvt.DevEmu", "bin", "Release", "net10.0", "hvt-devemu"),
            EchoImages = EchoImagesOf(referenceRepo),
        };
        o.RequireEchoImages("EchoServer.hvt");
        foreach (var file in new[] { reference.Tender, reference.DevEmu, Path.Combine(reference.EchoImages, "EchoServer.hvt") })
            if (!File.Exists(file))
                throw new BenchException($"{file} not found: build the reference checkout first (dotnet build tender/Hvt.Tender, devices/Hvt.DevEmu and examples/EchoServer, -c Release)");

        using var current = EchoRig.StartPci(o, Model);
        using var old = EchoRig.StartPci(reference, Model);
        var currentRuns = new Runs("this build");
        var oldRuns = new Runs("reference");
        for (int round = 0; round < Rounds; round++)
        {
            oldRuns.Time(old);
            currentRuns.Time(current);
        }
        Print(report, referenceRepo, currentRuns, oldRuns);
    }

    /// <summary>Where a checkout's build leaves its EchoServer images.</summary>
    public static string EchoImagesOf(string repo) => Path.Combine(repo, "examples", "EchoServer", "bin", "Release", "net10.0");

    /// <summary>One side's timed echoes, and those that failed (reported, not fatal: a side whose
    /// echo stalls is a result too).</summary>
    private sealed class Runs(string side)
    {
        public List<double> Milliseconds { get; } = [];
        public List<string> Failures { get; } = [];

        public void Time(EchoRig rig)
        {
            long retransmitted = rig.Network.TcpCounter("RetransSegs");
            try
            {
                Milliseconds.Add(rig.WarmTcp(Bytes, WarmUpBytes));
            }
            catch (BenchException e)
            {
                Failures.Add(e.Message);
                Console.Error.WriteLine($"hvt-bench demo: {side}: {e.Message}");
            }
            Retransmitted += rig.Network.TcpCounter("RetransSegs") - retransmitted;
        }

        public long Retransmitted { get; private set; }

        public double Median => Milliseconds.Count > 0 ? Stats.Median(Milliseconds)
            : throw new BenchException($"demo: every 1 MiB echo of {side} failed: {Failures[^1]}");
    }

    private static void Print(Report report, string referenceRepo, Runs currentRuns, Runs oldRuns)
    {
        var currentMs = currentRuns.Milliseconds;
        var oldMs = oldRuns.Milliseconds;
        string F(double v) => v.ToString("F0", CultureInfo.InvariantCulture);
        string Ratio(double a, double b) => (a / b).ToString("F2", CultureInfo.InvariantCulture);
        double KiBps(double ms) => Bytes / 1024.0 / (ms / 1000);
        double current = currentRuns.Median, old = oldRuns.Median;
        report.Columns("this build", "reference", "reference / this (speed-up)");
        report.Row($"1 MiB TCP echo over the {Model}, median of {Rounds} alternating", F(current) + " ms", F(old) + " ms", Ratio(old, current));
        report.Row("  throughput each way", F(KiBps(current)) + " KiB/s", F(KiBps(old)) + " KiB/s", Ratio(KiBps(current), KiBps(old)));
        report.Row("  every run (ms)", string.Join(", ", currentMs.Select(F)), string.Join(", ", oldMs.Select(F)), "—");
        report.Row("  echoes that failed", F(currentRuns.Failures.Count), F(oldRuns.Failures.Count), "—");
        report.Row("  segments the host retransmitted", F(currentRuns.Retransmitted), F(oldRuns.Retransmitted), "—");
        report.Note($"Reference: {referenceRepo} (its own tender, hvt-devemu and EchoServer.hvt). The client is hvt-bench's echo-client: one connection, every byte compared, timed after an untimed {WarmUpBytes / 1024} KiB echo by the same process.");
    }
}
