using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>
/// echo: the EchoServer unikernel (examples/EchoServer) over an emulated e1000 and an emulated
/// virtio-net against the same server over NET_BASIC, all running at once (each in its own
/// namespace) and measured in alternation so that load from elsewhere hits them alike: UDP echo latency (median, p99), TCP
/// echo throughput; then, on the same three servers started again for counting (<see cref="PacketCosts"/>),
/// guest instructions, VM exits and MMIO accesses per UDP echo and per KiB of TCP echo.
/// </summary>
public static class EchoBench
{
    private const int Rounds = 4;
    private const int TcpRounds = 3;
    private const int CountedEchoes = 50;
    private const int CountedTcpBytes = 64 * 1024;

    private sealed class LinkResult
    {
        public List<double> Latencies { get; } = [];
        public int Lost { get; set; }
        public List<double> TcpMs { get; } = [];
        public long TcpSent { get; set; }
        public long TcpRetransmitted { get; set; }
        public PacketCosts? Counted { get; set; }
    }

    private static readonly Func<BenchOptions, InstructionCountMethod?, EchoRig>[] Servers =
        [(o, m) => EchoRig.StartPci(o, "e1000", m), (o, m) => EchoRig.StartPci(o, "virtio-net", m), EchoRig.StartNetBasic];

    public static void Run(BenchOptions o, Report report)
    {
        o.RequireEchoImages("EchoServer.hvt", "EchoServer-net.hvt");

        var results = Servers.Select(_ => new LinkResult()).ToArray();
        var labels = Timed(o, results);
        var method = InstructionCounting.MethodFor(o);
        var work = new PacketWork(0, method.Scaled(CountedEchoes), CountedTcpBytes);
        for (int i = 0; i < Servers.Length; i++)
        {
            var start = Servers[i];
            results[i].Counted = PacketCosts.Measure(m => start(o, m), method, work);
        }
        double? rate = method == InstructionCountMethod.Tracepoint ? InstructionRate.MicrosecondsPerInstruction(o, 3) : null;
        Print(o, report, results, labels, rate, PacketCosts.Method(method, work));
    }

    /// <summary>The timed runs, all three servers up at once and measured in alternation; their labels.</summary>
    private static string[] Timed(BenchOptions o, LinkResult[] results)
    {
        var started = new List<EchoRig>();
        try
        {
            foreach (var start in Servers) started.Add(start(o, null));
            Alternate(o, started, results);
            return started.Select(r => r.Label).ToArray();
        }
        finally
        {
            foreach (var rig in started) rig.Dispose();
        }
    }

    private static void Alternate(BenchOptions o, List<EchoRig> rigs, LinkResult[] results)
    {
        for (int round = 0; round < Rounds; round++)
            foreach (var (rig, result) in rigs.Zip(results))
            {
                var (samples, lost) = rig.Udp(Math.Max(1, o.Echoes / Rounds));
                result.Latencies.AddRange(samples);
                result.Lost += lost;
            }
        for (int round = 0; round < TcpRounds; round++)
            foreach (var (rig, result) in rigs.Zip(results))
            {
                long sent = rig.Network.TcpCounter("OutSegs"), retransmitted = rig.Network.TcpCounter("RetransSegs");
                result.TcpMs.Add(rig.Tcp(o.TcpBytes));
                result.TcpSent += rig.Network.TcpCounter("OutSegs") - sent;
                result.TcpRetransmitted += rig.Network.TcpCounter("RetransSegs") - retransmitted;
            }
    }

    /// <summary>One column per link, the last (NET_BASIC) the reference; then each other link's ratio to it.</summary>
    /// <param name="rate">µs per guest instruction where every instruction is emulated (the tracepoint
    /// method), for the guest time estimate; else null.</param>
    private static void Print(BenchOptions o, Report report, LinkResult[] links, string[] labels, double? rate, string countedHow)
    {
        string Ms(double us) => (us / 1000).ToString("F2", CultureInfo.InvariantCulture) + " ms";
        string F(double v, string f = "F0") => v.ToString(f, CultureInfo.InvariantCulture);
        string Ratio(double a, double b) => Math.Abs(b) < 0.5 ? "—" : (a / b).ToString("F2", CultureInfo.InvariantCulture);
        double KiBps(LinkResult r) => o.TcpBytes / 1024.0 / (Stats.Median(r.TcpMs) / 1000);
        var reference = links[^1];
        void All(string measure, Func<LinkResult, double> value, Func<double, string> show) =>
            report.Cells(measure, [.. links.Select(l => show(value(l))), .. links[..^1].Select(l => Ratio(value(l), value(reference)))]);
        void Plain(string measure, Func<LinkResult, string> show) =>
            report.Cells(measure, [.. links.Select(show), .. links[..^1].Select(_ => "—")]);
        GuestCounts Udp(LinkResult r) => r.Counted!.Udp!.Net;
        GuestCounts Tcp(LinkResult r) => r.Counted!.TcpPerKiB?.Net ?? throw new BenchException($"the counted TCP echo failed: {r.Counted.TcpFailure}");

        report.Columns([.. labels, .. labels[..^1].Select(l => $"{l.Split(' ')[0]} / {labels[^1]}")]);
        All($"UDP echo latency, median ({reference.Latencies.Count} echoes of 64 B in {Rounds} alternating rounds)", r => Stats.Median(r.Latencies), Ms);
        All("UDP echo latency, p99", r => Stats.Percentile(r.Latencies, 99), Ms);
        Plain("UDP echoes lost (the client waits 2 s for each)", r => F(r.Lost));
        All($"TCP echo of {o.TcpBytes / 1024} KiB, one connection, median of {TcpRounds} alternating", r => Stats.Median(r.TcpMs), ms => F(ms) + " ms");
        All("  throughput each way", KiBps, v => F(v) + " KiB/s");
        Plain("  segments the host sent, of which retransmitted", r => $"{r.TcpSent}, {r.TcpRetransmitted}");
        All("guest instructions per UDP echo", r => Udp(r).Instructions, v => F(v));
        if (rate is double perInstruction)
            All($"  guest time at {perInstruction:F2} µs per instruction (estimate)", r => Udp(r).Instructions * perInstruction, Ms);
        All("VM exits to the tender per UDP echo", r => Udp(r).Exits, v => F(v, "F1"));
        All("  MMIO accesses per UDP echo (device registers)", r => Udp(r).MmioExits, v => F(v, "F1"));
        Plain("  UDP echoes lost while counted", r => F(r.Counted!.UdpLost));
        All("guest instructions per KiB of TCP echo", r => Tcp(r).Instructions, v => F(v));
        All("VM exits to the tender per KiB of TCP echo", r => Tcp(r).Exits, v => F(v, "F1"));
        All("  MMIO accesses per KiB of TCP echo", r => Tcp(r).MmioExits, v => F(v, "F1"));
        Plain("  segments the host retransmitted while counted", r => F(r.Counted!.TcpRetransmitted));
        report.Note("Timed: all three servers run at once, each in its own namespace, and are measured in alternation. Counted: " + countedHow +
                    (rate != null ? " The µs per instruction is the spin guest's two-instruction loop under kvm_floor in the same run (fastest of 3)." : "") +
                    " Ratios are to NET_BASIC.");
    }
}
