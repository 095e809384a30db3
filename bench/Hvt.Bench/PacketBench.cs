using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>
/// packet: what one packet costs each guest (issue 18 items 1-2), against the C ICMP responder
/// (tests/guests/net.c on NET_BASIC, the reference): guest instructions, VM exits and MMIO accesses per
/// ping for it and for EchoServer-net.hvt (NET_BASIC), EchoServer.hvt over hvt-devemu's e1000 and over
/// its virtio-net; for the three EchoServers also per UDP echo and per KiB of TCP echo. Counted by
/// <see cref="PacketCosts"/>, one guest after another, each on a server of its own.
/// </summary>
public static class PacketBench
{
    private const int CountedPings = 200, CountedEchoes = 50, CountedTcpBytes = 64 * 1024;
    private const long ResponderReplies = 1_000_000;
    public const double NetBasicGoal = 1.0, E1000Goal = 1.2, UdpGoal = 1500, TcpPerKiBGoal = 2000;

    private sealed record Guest(string Label, Func<InstructionCountMethod, ICountedGuest> Start, bool Echoes);

    public static void Run(BenchOptions o, Report report)
    {
        o.RequireEchoImages("EchoServer.hvt", "EchoServer-net.hvt");
        Guest[] guests =
        [
            new("C net.hvt, NET_BASIC", m => IcmpResponderRig.Start("hvt-tender (net.hvt)", o.Tender, o.Guest("net"), ResponderReplies, m), Echoes: false),
            new("EchoServer-net, NET_BASIC", m => EchoRig.StartNetBasic(o, m), Echoes: true),
            new("EchoServer, e1000", m => EchoRig.StartPci(o, "e1000", m), Echoes: true),
            new("EchoServer, virtio-net", m => EchoRig.StartPci(o, "virtio-net", m), Echoes: true),
        ];
        var method = InstructionCounting.MethodFor(o);
        var pingsOnly = new PacketWork(method.Scaled(CountedPings), 0, 0);
        var all = pingsOnly with { UdpEchoes = method.Scaled(CountedEchoes), TcpBytes = CountedTcpBytes };
        var costs = guests.Select(g => PacketCosts.Measure(g.Start, method, g.Echoes ? all : pingsOnly)).ToArray();
        Print(report, guests.Select(g => g.Label).ToArray(), costs, PacketCosts.Method(method, all));
    }

    /// <summary>One column per guest, the first (the C guest) the reference; then each other guest's ratio to it.</summary>
    private static void Print(Report report, string[] labels, PacketCosts[] costs, string countedHow)
    {
        string F(double v, string f = "F0") => v.ToString(f, CultureInfo.InvariantCulture);
        string Ratio(double a, double b) => Math.Abs(b) < 0.5 ? "—" : (a / b).ToString("F2", CultureInfo.InvariantCulture);
        var reference = costs[0];
        void Pings(string measure, Func<CountedWindow, double> value, string format) =>
            report.Cells(measure, [.. costs.Select(c => F(value(c.Ping!), format)), .. costs[1..].Select(c => Ratio(value(c.Ping!), value(reference.Ping!)))]);
        void Echoes(string measure, Func<PacketCosts, string> show) =>
            report.Cells(measure, ["—", .. costs[1..].Select(show), .. costs[1..].Select(_ => "—")]);

        report.Columns([.. labels, .. labels[1..].Select(l => $"{l} / C")]);
        Pings("guest instructions per ping", w => w.Net.Instructions, "F0");
        Pings("  not less the idle rate (upper bound)", w => w.GrossInstructions, "F0");
        Pings("VM exits to the tender per ping", w => w.Net.Exits, "F1");
        Pings("  MMIO accesses per ping (device registers)", w => w.Net.MmioExits, "F1");
        report.Cells("  pings lost while counted", [.. costs.Select(c => F(c.PingsLost)), .. costs[1..].Select(_ => "—")]);
        Echoes("guest instructions per UDP echo", c => F(c.Udp!.Net.Instructions));
        Echoes("  not less the idle rate (upper bound)", c => F(c.Udp!.GrossInstructions));
        Echoes("VM exits to the tender per UDP echo", c => F(c.Udp!.Net.Exits, "F1"));
        Echoes("  MMIO accesses per UDP echo", c => F(c.Udp!.Net.MmioExits, "F1"));
        Echoes("  UDP echoes lost while counted", c => F(c.UdpLost));
        string Tcp(PacketCosts c, Func<CountedWindow, string> show) => c.TcpPerKiB is { } w ? show(w) : "failed";
        Echoes("guest instructions per KiB of TCP echo", c => Tcp(c, w => F(w.Net.Instructions)));
        Echoes("  not less the idle rate (upper bound)", c => Tcp(c, w => F(w.GrossInstructions)));
        Echoes("VM exits to the tender per KiB of TCP echo", c => Tcp(c, w => F(w.Net.Exits, "F1")));
        Echoes("  segments the host retransmitted while counted", c => F(c.TcpRetransmitted));
        report.Note(countedHow + " The C guest answers pings only. Ratios are to the C guest.");
        for (int i = 1; i < costs.Length; i++)
            if (costs[i].TcpFailure is { } failure) report.Note($"{labels[i]}: the counted TCP echo failed: {failure}");
        report.Note(Goals(labels, costs));
    }

    /// <summary>Issue 18's goals for items 1 and 2 and whether these counts meet them.</summary>
    private static string Goals(string[] labels, PacketCosts[] costs)
    {
        string Met(bool met) => met ? "met" : "not met";
        double Ping(int i) => costs[i].Ping!.Net.Instructions;
        double c = Ping(0);
        var parts = new List<string>
        {
            FormattableString.Invariant($"ping on NET_BASIC at most {NetBasicGoal:F1}× the C guest's instructions: {Met(Ping(1) <= NetBasicGoal * c)} ({Ping(1) / c:F2}×)"),
            FormattableString.Invariant($"over the e1000 at most {E1000Goal:F1}×: {Met(Ping(2) <= E1000Goal * c)} ({Ping(2) / c:F2}×)"),
        };
        for (int i = 1; i < costs.Length; i++)
            parts.Add(FormattableString.Invariant(
                $"{labels[i]}: UDP echo at most {UdpGoal:F0} instructions: {Met(costs[i].Udp!.Net.Instructions <= UdpGoal)}, TCP at most {TcpPerKiBGoal:F0} per KiB: {(costs[i].TcpPerKiB is { } tcp ? Met(tcp.Net.Instructions <= TcpPerKiBGoal) : "not measured")}"));
        return "Goals (issue 18): " + string.Join("; ", parts) + ".";
    }
}
