using Solo5Net.EchoServer.Net.Tcp;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>The RFC 6298 estimator against its formulas worked by hand, in nanoseconds.</summary>
public class RetransmissionTimeoutTests
{
    private const ulong Ms = 1_000_000UL;

    [Fact]
    public void Before_any_sample_the_timeout_is_the_initial_200_ms()
    {
        var rto = new RetransmissionTimeout();
        rto.HasSample.Should().BeFalse();
        rto.Nanoseconds.Should().Be(200 * Ms);
    }

    [Fact]
    public void Srtt_rttvar_and_rto_follow_rfc_6298_over_a_sequence_of_samples()
    {
        var rto = new RetransmissionTimeout();

        // First sample R = 100 ms: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4·RTTVAR = 100 + 200.
        rto.Sample(100 * Ms);
        rto.SmoothedRoundTripNanoseconds.Should().Be(100_000_000);
        rto.RoundTripVariationNanoseconds.Should().Be(50_000_000);
        rto.Nanoseconds.Should().Be(300_000_000);

        // R = 200 ms: RTTVAR = 3/4·50 + 1/4·|100 − 200| = 62.5; SRTT = 7/8·100 + 1/8·200 = 112.5;
        // RTO = 112.5 + 4·62.5 = 362.5.
        rto.Sample(200 * Ms);
        rto.RoundTripVariationNanoseconds.Should().Be(62_500_000);
        rto.SmoothedRoundTripNanoseconds.Should().Be(112_500_000);
        rto.Nanoseconds.Should().Be(362_500_000);

        // R = 50 ms: RTTVAR = 3/4·62.5 + 1/4·|112.5 − 50| = 46.875 + 15.625 = 62.5;
        // SRTT = 7/8·112.5 + 1/8·50 = 98.4375 + 6.25 = 104.6875; RTO = 104.6875 + 250 = 354.6875.
        rto.Sample(50 * Ms);
        rto.RoundTripVariationNanoseconds.Should().Be(62_500_000);
        rto.SmoothedRoundTripNanoseconds.Should().Be(104_687_500);
        rto.Nanoseconds.Should().Be(354_687_500);
    }

    [Fact]
    public void A_short_round_trip_gives_the_200_ms_floor()
    {
        var rto = new RetransmissionTimeout();
        rto.Sample(40 * Ms); // 40 + 4·20 = 120 ms
        rto.SmoothedRoundTripNanoseconds.Should().Be(40 * Ms);
        rto.Nanoseconds.Should().Be(200 * Ms);
    }

    [Fact]
    public void A_long_round_trip_gives_the_8_s_ceiling()
    {
        var rto = new RetransmissionTimeout();
        rto.Sample(5_000 * Ms); // 5 + 4·2.5 = 15 s
        rto.Nanoseconds.Should().Be(8_000 * Ms);
    }

    [Fact]
    public void On_a_steady_path_rttvar_decays_until_the_granularity_g_is_what_is_added_to_srtt()
    {
        var rto = new RetransmissionTimeout();
        rto.Sample(1_000 * Ms);
        rto.Nanoseconds.Should().Be(3_000 * Ms);
        // Equal samples leave SRTT at 1 s and scale RTTVAR by 3/4 each: 500 ms · (3/4)^n.
        rto.Sample(1_000 * Ms);
        rto.RoundTripVariationNanoseconds.Should().Be(375 * Ms);
        rto.Nanoseconds.Should().Be(2_500 * Ms);
        for (var i = 0; i < 30; i++) rto.Sample(1_000 * Ms);
        rto.SmoothedRoundTripNanoseconds.Should().Be(1_000 * Ms);
        (rto.RoundTripVariationNanoseconds * 4).Should().BeLessThan(RetransmissionTimeout.GranularityNanoseconds);
        rto.Nanoseconds.Should().Be(1_000 * Ms + RetransmissionTimeout.GranularityNanoseconds);
    }

    [Fact]
    public void A_timeout_doubles_the_rto_up_to_8_s_and_the_doubled_value_stays_until_a_new_sample()
    {
        var rto = new RetransmissionTimeout();
        rto.BackOff();
        rto.Nanoseconds.Should().Be(400 * Ms, "before any sample the initial 200 ms is doubled");

        rto.Sample(100 * Ms);
        rto.Nanoseconds.Should().Be(300 * Ms);
        rto.BackOff();
        rto.Nanoseconds.Should().Be(600 * Ms);
        rto.BackOff();
        rto.Nanoseconds.Should().Be(1_200 * Ms);
        for (var i = 0; i < 4; i++) rto.BackOff();
        rto.Nanoseconds.Should().Be(8_000 * Ms);

        // A new sample ends the backoff: RTTVAR = 3/4·50 + 0 = 37.5, SRTT = 100, RTO = 100 + 150.
        rto.Sample(100 * Ms);
        rto.Nanoseconds.Should().Be(250 * Ms);
    }

    [Fact]
    public void Clear_forgets_the_samples()
    {
        var rto = new RetransmissionTimeout();
        rto.Sample(700 * Ms);
        rto.BackOff();
        rto.Clear();
        rto.HasSample.Should().BeFalse();
        rto.SmoothedRoundTripNanoseconds.Should().Be(0);
        rto.Nanoseconds.Should().Be(200 * Ms);
    }
}
