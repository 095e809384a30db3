using Solo5Net.EchoServer.Net.Icmp;

namespace Solo5Net.EchoServer.Net.Echo;

/// <summary>Pings one peer once a second until a reply from it arrives (<c>--ping=A.B.C.D</c>): a
/// unikernel's own check that it reaches another host, e.g. another unikernel on a shared NIC.</summary>
public sealed class Pinger
{
    private const ulong IntervalNanoseconds = 1_000_000_000UL;

    private readonly IcmpLayer _icmp;
    private readonly MonotonicClock _clock;
    private ulong _next;
    private ushort _sequence;

    public Pinger(IcmpLayer icmp, MonotonicClock clock, uint peer)
    {
        _icmp = icmp;
        _clock = clock;
        Peer = peer;
    }

    public uint Peer { get; }

    /// <summary>The peer has answered (an echo reply from it arrived).</summary>
    public bool Answered => _icmp.EchoRepliesReceived > 0 && _icmp.LastReplySource == Peer;

    /// <summary>Requests sent so far.</summary>
    public ushort Sent => _sequence;

    /// <summary>Sends the next request when it is due and the peer has not answered yet.</summary>
    public void Tick()
    {
        if (Answered) return;
        var now = _clock.NowNanoseconds;
        if (now < _next) return;
        _icmp.SendEchoRequest(Peer, _sequence++);
        _next = now + IntervalNanoseconds;
    }

    /// <summary>When the next request is due, 0 once the peer has answered.</summary>
    public ulong NextDeadline => Answered ? 0 : _next;
}
