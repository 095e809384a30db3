using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Time;

/// <summary>Clocks and sleeping (docs/hvt-abi.md §2.5, §4.4): the guest checks that cpu_cycle_freq is a
/// whole kHz, the wall clock is after 2017 and advances, and POLL sleeps at least its timeout.</summary>
public class ClockTests
{
    [KvmFact]
    public void Poll_sleeps_at_least_its_timeout_and_the_clocks_agree()
    {
        var r = TenderProcess.Guest("time", [], "100000000");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().EndWith("SUCCESS\n");
        r.Stdout.Split('\n').Count(l => l.StartsWith("slept_ns=")).Should().Be(3);
    }

    [KvmFact]
    public void A_whole_process_sleep_of_three_polls_takes_at_least_their_sum()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TenderProcess.Guest("time", [], "200000000").ShouldSucceedQuietly();
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(600), "a lower bound, not a speed claim");
    }
}
