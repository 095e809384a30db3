using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>What to count on a guest: pings, UDP echoes (each one at a time, each amount plus the
/// client's warm-ups) and the bytes of one TCP echo; 0 leaves that kind out.</summary>
public sealed record PacketWork(int Pings, int UdpEchoes, int TcpBytes);

/// <summary>Counts over one window of work (<paramref name="Units"/> pings, echoes or KiB) and the
/// guest's idle counts they are judged against.</summary>
public sealed record CountedWindow(GuestCounts Counted, GuestCounts Idle, int Units)
{
    /// <summary>Per unit, less the idle rate over the window: the usual figure.</summary>
    public GuestCounts Net { get; init; } = Counted.PerUnit(Idle, Units);

    /// <summary>Per unit with nothing taken away: an upper bound where the idle rate is uncertain
    /// (a busy guest may not do what it does when idle, e.g. wake on its timers).</summary>
    public double GrossInstructions => Counted.Instructions / Units;

    /// <summary>These instructions with the exits and MMIO accesses of <paramref name="unstepped"/>, the
    /// same work on a guest that was not single-stepped.</summary>
    public CountedWindow WithExitsOf(CountedWindow unstepped) =>
        this with { Net = Net with { Exits = unstepped.Net.Exits, MmioExits = unstepped.Net.MmioExits } };
}

/// <summary>
/// What a packet costs a guest started for counting (<see cref="ICountedGuest"/>): guest instructions,
/// VM exits to the tender and MMIO accesses (<see cref="GuestCounts"/>) per ping, per UDP echo and per
/// KiB of TCP echo, each over its own window less the guest's idle rate over the same time. The guest
/// is warmed up first (ARP, first use of its paths) and then left idle for the idle rate. Where the
/// instructions are counted by single-stepping, which slows the guest so much that exits depending on
/// timing change (fewer polls between back-to-back packets), the same work is done again on a guest
/// started without it, and the exits and MMIO accesses are that guest's.
/// </summary>
/// <param name="TcpFailure">Why the counted TCP echo failed (TcpPerKiB is then null); the other counts stand.</param>
public sealed record PacketCosts(CountedWindow? Ping, int PingsLost, CountedWindow? Udp, int UdpLost, CountedWindow? TcpPerKiB,
    long TcpRetransmitted, string? TcpFailure)
{
    private const double IdleSeconds = 2;
    private const int WarmUpEchoes = 1, WarmUpTcpBytes = 1024;
    private static readonly TimeSpan ClientLimit = TimeSpan.FromSeconds(600);

    /// <param name="start">Starts the guest, counting by the given method.</param>
    public static PacketCosts Measure(Func<InstructionCountMethod, ICountedGuest> start, InstructionCountMethod method, PacketWork work)
    {
        PacketCosts Once(InstructionCountMethod m)
        {
            using var guest = start(m);
            return Measure(guest, work);
        }
        var counted = Once(method);
        if (method == InstructionCountMethod.Tracepoint) return counted;
        var unstepped = Once(InstructionCountMethod.Tracepoint);
        return counted with
        {
            Ping = counted.Ping?.WithExitsOf(unstepped.Ping!),
            Udp = counted.Udp?.WithExitsOf(unstepped.Udp!),
            TcpPerKiB = unstepped.TcpPerKiB is { } tcp ? counted.TcpPerKiB?.WithExitsOf(tcp) : null,
            TcpFailure = counted.TcpFailure ?? unstepped.TcpFailure,
        };
    }

    private static PacketCosts Measure(ICountedGuest guest, PacketWork work)
    {
        var wait = guest.Counter.Method.ReplyWait();
        Dictionary<string, string> Client(string mode, int amount) =>
            EchoClient.RunIn(guest.Network, ClientLimit, mode, guest.Address, amount, mode == "tcp" ? null : wait);

        if (work.Pings > 0) Client("ping", WarmUpEchoes);
        if (work.UdpEchoes > 0) Client("udp", WarmUpEchoes);
        if (work.TcpBytes > 0) Client("tcp", WarmUpTcpBytes);
        var idle = GuestCounts.Idle(guest, IdleSeconds);

        CountedWindow? ping = null, udp = null, tcp = null;
        int pingsLost = 0, udpLost = 0;
        long retransmitted = 0;
        string? tcpFailure = null;
        if (work.Pings > 0)
            ping = new(GuestCounts.During(guest, () => pingsLost = EchoClient.RoundTrips(Client("ping", work.Pings)).Lost),
                idle, EchoClient.RequestsFor(work.Pings));
        if (work.UdpEchoes > 0)
            udp = new(GuestCounts.During(guest, () => udpLost = EchoClient.RoundTrips(Client("udp", work.UdpEchoes)).Lost),
                idle, EchoClient.RequestsFor(work.UdpEchoes));
        if (work.TcpBytes > 0)
        {
            long before = guest.Network.TcpCounter("RetransSegs");
            try
            {
                tcp = new(GuestCounts.During(guest, () => Client("tcp", work.TcpBytes)), idle, work.TcpBytes / 1024);
            }
            catch (HarnessException e)
            {
                tcpFailure = e.Message.Split('\n')[0];
            }
            retransmitted = guest.Network.TcpCounter("RetransSegs") - before;
        }
        return new PacketCosts(ping, pingsLost, udp, udpLost, tcp, retransmitted, tcpFailure);
    }

    /// <summary>The note that says how these counts were taken.</summary>
    public static string Method(InstructionCountMethod method, PacketWork work)
    {
        var windows = new List<string>();
        if (work.Pings > 0) windows.Add($"{EchoClient.RequestsFor(work.Pings)} pings");
        if (work.UdpEchoes > 0) windows.Add($"{EchoClient.RequestsFor(work.UdpEchoes)} UDP echoes of 64 B");
        if (work.TcpBytes > 0) windows.Add($"one {work.TcpBytes / 1024} KiB TCP echo");
        var exitsFrom = method == InstructionCountMethod.SingleStep
            ? ", counted again on the guest started without single-stepping (which would change the exits that depend on timing)"
            : "";
        return $"Guest instructions: {method.Describe()}. VM exits and MMIO accesses: perf stat -e kvm:kvm_userspace_exit " +
               $"(single-step traps, KVM_EXIT_DEBUG, left out),kvm:kvm_mmio -p TENDER{exitsFrom}. Each guest is counted under a tender " +
               "started for counting, one guest after another, and warmed up first (what it answers of a ping, " +
               $"{EchoClient.RequestsFor(WarmUpEchoes)} UDP echoes and a {WarmUpTcpBytes / 1024} KiB TCP echo); then counted " +
               $"for {IdleSeconds:F0} s idle and over {string.Join(", ", windows)} (pings and echoes one at a time), less the " +
               "idle rate over the same time. A lost reply's request counts as one.";
    }
}
