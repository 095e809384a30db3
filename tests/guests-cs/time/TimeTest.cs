using Solo5Net.Guest;

namespace Solo5Net.Tests.Guests
{
    /// <summary>Solo5's test_time, shortened: the monotonic clock advances; each of 3 yields to
    /// now + 200 ms sleeps at least until the deadline and not absurdly longer; a yield to a past
    /// deadline returns at once; the wall clock is after 2017.</summary>
    public static class TimeTest
    {
        private const ulong Millisecond = 1_000_000;
        private const ulong Sleep = 200 * Millisecond;
        private const ulong Slack = 1000 * Millisecond;
        private const ulong Year2017 = 1_483_228_800UL * 1_000_000_000UL;

        public static int Main(StartInfo start)
        {
            Solo5.ConsoleWrite("\n**** Solo5 standalone test_time ****\n\n");
            ulong t0 = Solo5.ClockMonotonic(), t1 = Solo5.ClockMonotonic();
            if (t1 < t0) return Fail("monotonic clock went backwards");

            for (int i = 0; i < 3; i++)
            {
                ulong before = Solo5.ClockMonotonic(), wallBefore = Solo5.ClockWall();
                ulong deadline = before + Sleep;
                Solo5.Yield(deadline, out _);
                ulong after = Solo5.ClockMonotonic(), wallAfter = Solo5.ClockWall();
                if (after < deadline) return Fail("yield returned before its deadline");
                if (after - before > Sleep + Slack) return Fail("yield overslept");
                if (wallAfter - wallBefore < Sleep - 50 * Millisecond) return Fail("wall clock disagrees with the monotonic clock");
            }

            ulong past = Solo5.ClockMonotonic();
            Solo5.Yield(past - 1, out ulong ready);
            if (ready != 0) return Fail("ready set not empty without devices");
            if (Solo5.ClockMonotonic() - past > Slack) return Fail("yield to a past deadline blocked");

            if (Solo5.ClockWall() < Year2017) return Fail("wall clock before 2017");
            Solo5.ConsoleWrite("SUCCESS\n");
            return Solo5.ExitSuccess;
        }

        private static int Fail(string why)
        {
            Solo5.ConsoleWrite("FAILURE: " + why + "\n");
            return Solo5.ExitFailure;
        }
    }
}
