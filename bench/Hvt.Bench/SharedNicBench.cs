using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>
/// shared: 1, 2 and 4 EchoServer unikernels on one hvt-devemu e1000 (--clients N), every client
/// echoing at the same time: aggregate TCP echo throughput and each unikernel's UDP echo latency,
/// against one unikernel alone on the same server set-up in the same run.
/// </summary>
public static class SharedNicBench
{
    private static readonly int[] ClientCounts = [1, 2, 4];
    private const int WarmUpEchoes = 20, WarmUpTcpBytes = 16 * 1024;

    private sealed record Result(int Clients, double AggregateKiBps, double MedianLatencyUs, double WorstP99Us, int Lost);

    public static void Run(BenchOptions o, Report report)
    {
        o.RequireEchoImages("EchoServer.hvt");
        var results = ClientCounts.Select(n => Measure(o, n)).ToList();
        Print(o, report, results);
    }

    private static Result Measure(BenchOptions o, int clients)
    {
        using var rig = SharedNicRig.Start(o, clients);
        // Unrecorded: a freshly started server (a JIT hvt-devemu compiles its paths on first use) is
        // slower at first, and the one-unikernel reference is the first measured.
        rig.UdpAtOnce(WarmUpEchoes);
        rig.TcpAtOnceMilliseconds(WarmUpTcpBytes);
        var udp = rig.UdpAtOnce(o.Echoes);
        var tcpMs = Enumerable.Range(0, 3).Select(_ => rig.TcpAtOnceMilliseconds(o.TcpBytes)).ToList();
        double kibps = clients * (o.TcpBytes / 1024.0) / (Stats.Median(tcpMs) / 1000);
        return new Result(clients, kibps,
            Stats.Median(udp.Select(u => Stats.Median(u.Microseconds)).ToList()),
            udp.Max(u => Stats.Percentile(u.Microseconds, 99)),
            udp.Sum(u => u.Lost));
    }

    private static void Print(BenchOptions o, Report report, List<Result> results)
    {
        string F(double v, string f = "F0") => v.ToString(f, CultureInfo.InvariantCulture);
        string Ms(double us) => F(us / 1000, "F2") + " ms";
        var alone = results[0];
        report.Columns("N unikernels", "1 unikernel");
        foreach (var r in results.Skip(1))
        {
            report.Row($"{r.Clients} clients: TCP echo of {o.TcpBytes / 1024} KiB each, all at once, aggregate (median of 3)",
                F(r.AggregateKiBps) + " KiB/s", F(alone.AggregateKiBps) + " KiB/s", F(r.AggregateKiBps / alone.AggregateKiBps, "F2"));
            report.Row($"{r.Clients} clients: UDP echo latency, median of the per-unikernel medians ({o.Echoes} × 64 B each, all at once)",
                Ms(r.MedianLatencyUs), Ms(alone.MedianLatencyUs), F(r.MedianLatencyUs / alone.MedianLatencyUs, "F2"));
            report.Row($"{r.Clients} clients: UDP echo latency, worst unikernel's p99",
                Ms(r.WorstP99Us), Ms(alone.WorstP99Us), F(r.WorstP99Us / alone.WorstP99Us, "F2"));
            report.Row($"{r.Clients} clients: UDP echoes lost (the client waits 2 s for each)", F(r.Lost), F(alone.Lost), "—");
        }
        report.Note("Every unikernel runs its own hvt-tender on one hvt-devemu e1000 (--clients N) whose tap switch " +
            "forwards by MAC; each has its own echo client in the namespace, all started together. " +
            $"Each set-up is warmed up first ({WarmUpEchoes} UDP echoes and a {WarmUpTcpBytes / 1024} KiB TCP echo per unikernel, not recorded).");
    }
}
