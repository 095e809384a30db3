using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>
/// echo: the EchoServer unikernel (examples/EchoServer) over an emulated e1000 and an emulated
/// virtio-net against the same server over NET_BASIC, all running at once (each in its own
/// namespace) and measured in alternation so that load from elsewhere hits them alike: UDP echo latency (median, p99), TCP
/// echo throughput, and — counted with KVM tracepoints while each server echoes, less its idle
/// rate — guest instructions, VM exits and MMIO accesses per UDP echo and per KiB of TCP echo.
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
        public GuestCounts? Udp { get; set; }
        public GuestCounts? TcpPerKiB { get; set; }
    }

    public static void Run(BenchOptions o, Report report)
    {
        foreach (var image in new[] { "EchoServer.hvt", "EchoServer-net.hvt" })
            if (!File.Exists(Path.Combine(o.EchoImages, image)))
                throw new BenchException($"{Path.Combine(o.EchoImages, image)} not found: build it with dotnet build examples/EchoServer -c Release (or pass --echo-images DIR)");

        using var e1000 = EchoRig.StartPci(o, "e1000");
        using var virtio = EchoRig.StartPci(o, "virtio-net");
        using var netBasic = EchoRig.StartNetBasic(o);
        var rigs = new[] { e1000, virtio, netBasic };
        var results = rigs.ToDictionary(r => r, _ => new LinkResult());

        for (int round = 0; round < Rounds; round++)
            foreach (var rig in rigs)
            {
                var (samples, lost) = rig.Udp(Math.Max(1, o.Echoes / Rounds));
                results[rig].Latencies.AddRange(samples);
                results[rig].Lost += lost;
            }
        for (int round = 0; round < TcpRounds; round++)
            foreach (var rig in rigs)
            {
                long sent = rig.Network.TcpCounter("OutSegs"), retransmitted = rig.Network.TcpCounter("RetransSegs");
                results[rig].TcpMs.Add(rig.Tcp(o.TcpBytes));
                results[rig].TcpSent += rig.Network.TcpCounter("OutSegs") - sent;
                results[rig].TcpRetransmitted += rig.Network.TcpCounter("RetransSegs") - retransmitted;
            }
        foreach (var rig in rigs)
        {
            var idle = GuestCounts.Idle(rig.TenderId, 2);
            results[rig].Udp = GuestCounts.During(rig.TenderId, () => rig.Udp(CountedEchoes)).PerUnit(idle, CountedEchoes + 5);
            results[rig].TcpPerKiB = GuestCounts.During(rig.TenderId, () => rig.Tcp(CountedTcpBytes)).PerUnit(idle, CountedTcpBytes / 1024);
        }
        double? rate = GuestCounts.CountsEveryInstruction(o) ? InstructionRate.MicrosecondsPerInstruction(o, 3) : null;
        Print(o, report, rigs.Select(r => results[r]).ToArray(), rigs.Select(r => r.Label).ToArray(), rate);
    }

    /// <summary>One column per link, the last (NET_BASIC) the reference; then each other link's ratio to it.</summary>
    /// <param name="rate">µs per guest instruction; null where the tracepoint does not count guest
    /// instructions (guest code runs natively), and the instruction rows say so.</param>
    private static void Print(BenchOptions o, Report report, LinkResult[] links, string[] labels, double? rate)
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

        report.Columns([.. labels, .. labels[..^1].Select(l => $"{l.Split(' ')[0]} / {labels[^1]}")]);
        All($"UDP echo latency, median ({reference.Latencies.Count} echoes of 64 B in {Rounds} alternating rounds)", r => Stats.Median(r.Latencies), Ms);
        All("UDP echo latency, p99", r => Stats.Percentile(r.Latencies, 99), Ms);
        Plain("UDP echoes lost (the client waits 2 s for each)", r => F(r.Lost));
        All($"TCP echo of {o.TcpBytes / 1024} KiB, one connection, median of {TcpRounds} alternating", r => Stats.Median(r.TcpMs), ms => F(ms) + " ms");
        All("  throughput each way", KiBps, v => F(v) + " KiB/s");
        Plain("  segments the host sent, of which retransmitted", r => $"{r.TcpSent}, {r.TcpRetransmitted}");
        if (rate is double perInstruction)
        {
            All("guest instructions per UDP echo", r => r.Udp!.Instructions, v => F(v));
            All($"  guest time at {perInstruction:F2} µs per instruction (estimate)", r => r.Udp!.Instructions * perInstruction, Ms);
        }
        else
        {
            Plain("guest instructions per UDP echo (not countable: this KVM runs guest code natively)", _ => "—");
        }
        All("VM exits to the tender per UDP echo", r => r.Udp!.Exits, v => F(v, "F1"));
        All("  MMIO accesses per UDP echo (device registers)", r => r.Udp!.MmioExits, v => F(v, "F1"));
        if (rate != null) All("guest instructions per KiB of TCP echo", r => r.TcpPerKiB!.Instructions, v => F(v));
        All("VM exits to the tender per KiB of TCP echo", r => r.TcpPerKiB!.Exits, v => F(v, "F1"));
        All("  MMIO accesses per KiB of TCP echo", r => r.TcpPerKiB!.MmioExits, v => F(v, "F1"));
        report.Note("All three servers run at once, each in its own namespace, and are measured in alternation. Instructions, " +
                    "exits and MMIO accesses: perf stat -e kvm:kvm_emulate_insn,kvm:kvm_userspace_exit,kvm:kvm_mmio -p TENDER " +
                    $"over {CountedEchoes + 5} UDP echoes and over one {CountedTcpBytes / 1024} KiB TCP echo (apart from the timed runs), " +
                    "minus the guest's idle rate over the same time (measured for 2 s before). The µs per instruction is the " +
                    "spin guest's two-instruction loop under kvm_floor in the same run (fastest of 3). Ratios are to NET_BASIC.");
    }
}
