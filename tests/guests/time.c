/* Clocks and POLL sleeping: the TSC advances at cpu_cycle_freq, POLL(timeout) sleeps at least
   the timeout, POLL with a past deadline returns, wall clock is after 2017. */
#include "support/guest.h"

static int fail(const char *what, u64 value)
{
    puts_str("FAILURE: "); puts_str(what); puts_str(" "); put_dec(value); puts_str("\n");
    return 1;
}

int guest_main(const char *cmdline)
{
    (void)cmdline;
    u64 hz = boot_info->cpu_cycle_freq;
    if (hz == 0 || hz % 1000 != 0) return fail("cpu_cycle_freq", hz);
    u64 wall = walltime();
    if (wall < 1483228800UL * 1000000000UL) return fail("wall clock before 2017", wall);

    u64 ns = parse_u64(word(0));
    if (ns == 0) ns = 100000000UL;
    for (int i = 0; i < 3; i++) {
        u64 t0 = rdtsc();
        u64 set = 42;
        int ret = poll(ns, &set);
        u64 elapsed_ns = (rdtsc() - t0) * 1000 / (hz / 1000000);
        if (ret != 0 || set != 0) return fail("poll with no devices reported ready devices", set);
        /* The timer may fire at most a little early relative to the TSC reading. */
        if (elapsed_ns < ns - ns / 20) return fail("poll returned early after ns", elapsed_ns);
        puts_str("slept_ns="); put_dec(elapsed_ns); puts_str("\n");
    }
    u64 wall2 = walltime();
    if (wall2 < wall + 3 * ns - 3 * ns / 20) return fail("wall clock did not advance by the sleeps", wall2 - wall);
    if (poll(0, 0) != 0) return fail("poll(0)", 1);
    puts_str("SUCCESS\n");
    return 0;
}
