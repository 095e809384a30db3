namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>
/// A connection's retransmission timeout from measured round trips (RFC 6298), in integer
/// nanoseconds: SRTT and RTTVAR with alpha 1/8 and beta 1/4 (as shifts), RTO = SRTT + max(G, 4·RTTVAR)
/// bounded by <see cref="MinimumNanoseconds"/> and <see cref="MaximumNanoseconds"/>. A timeout doubles
/// the RTO (§5.5) and the doubled value stays until the next sample (§5.7's reset to 1 s after a
/// lost SYN is not done). Which segment gives a sample (Karn's rule) is the connection's concern.
/// </summary>
public struct RetransmissionTimeout
{
    /// <summary>The RTO before the first sample (RFC 6298 says 1 s; this stack has always used 200 ms).</summary>
    public const ulong InitialNanoseconds = 200_000_000UL;

    /// <summary>The floor. Linux's 200 ms rather than RFC 6298's 1 s (§2.4): the floor only has to
    /// outlast a peer's delayed ACK (at most 200 ms, RFC 1122), and the peers of this stack are on
    /// the same host or LAN, where a 1 s floor would stall an echo for a second per missed loss.</summary>
    public const ulong MinimumNanoseconds = 200_000_000UL;

    public const ulong MaximumNanoseconds = 8_000_000_000UL;

    /// <summary>G, the clock granularity. The clock reads the TSC in nanoseconds, but the timer is
    /// looked at only on a pass of the main loop (after a receive batch or a sleep), and a segment's
    /// ACK is read only when its batch is handled, both up to a pass late. 1 ms is a margin for that
    /// (a pass of an unstepped guest is far shorter; not measured); it only counts once 4·RTTVAR has
    /// decayed below it on a steady path, where it keeps the RTO above SRTT.</summary>
    public const ulong GranularityNanoseconds = 1_000_000UL;

    private ulong _srtt, _rttvar, _rto;
    private bool _measured;

    /// <summary>The timeout to arm now: the estimate, or the initial value, backed off by timeouts.</summary>
    public readonly ulong Nanoseconds => _rto == 0 ? InitialNanoseconds : _rto;

    /// <summary>SRTT, 0 before the first sample.</summary>
    public readonly ulong SmoothedRoundTripNanoseconds => _srtt;

    /// <summary>RTTVAR, 0 before the first sample.</summary>
    public readonly ulong RoundTripVariationNanoseconds => _rttvar;

    public readonly bool HasSample => _measured;

    /// <summary>Takes a round-trip measurement R (§2.2, §2.3) and recomputes the RTO, which ends any
    /// backoff.</summary>
    public void Sample(ulong r)
    {
        if (!_measured)
        {
            _measured = true;
            _srtt = r;
            _rttvar = r >> 1;
        }
        else
        {
            // RTTVAR first: it uses the SRTT from before this sample.
            var error = _srtt > r ? _srtt - r : r - _srtt;
            _rttvar = _rttvar - (_rttvar >> 2) + (error >> 2);
            _srtt = _srtt - (_srtt >> 3) + (r >> 3);
        }
        var variation = _rttvar << 2;
        var rto = _srtt + (variation > GranularityNanoseconds ? variation : GranularityNanoseconds);
        _rto = rto < MinimumNanoseconds ? MinimumNanoseconds : rto > MaximumNanoseconds ? MaximumNanoseconds : rto;
    }

    /// <summary>The timer expired (§5.5): doubles the RTO, up to the maximum.</summary>
    public void BackOff()
    {
        var doubled = Nanoseconds << 1;
        _rto = doubled > MaximumNanoseconds ? MaximumNanoseconds : doubled;
    }

    /// <summary>Forgets every sample (a new connection).</summary>
    public void Clear()
    {
        _srtt = 0;
        _rttvar = 0;
        _rto = 0;
        _measured = false;
    }
}
