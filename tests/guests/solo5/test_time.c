/* Clocks and sleeping: the monotonic clock advances, solo5_yield sleeps until its deadline (with
   no devices, nothing is ever ready), a deadline in the past returns at once, and the wall clock
   is after 2017 and advances by the sleeps. */
#include "puts.h"

#define NSEC_PER_SEC 1000000000ULL

static int fail(const char *what)
{
    puts("FAILURE: ");
    puts(what);
    puts("\n");
    return SOLO5_EXIT_FAILURE;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    puts("\n**** Solo5 standalone test_time ****\n\n");
    solo5_time_t wall = solo5_clock_wall();
    if (wall < 1483228800ULL * NSEC_PER_SEC) return fail("wall clock before 2017");

    const solo5_time_t sleep = NSEC_PER_SEC / 10;
    for (int i = 0; i < 3; i++) {
        solo5_time_t before = solo5_clock_monotonic();
        solo5_handle_set_t ready = 42;
        solo5_yield(before + sleep, &ready);
        solo5_time_t after = solo5_clock_monotonic();
        if (ready != 0) return fail("solo5_yield reported a ready device");
        if (after < before + sleep - sleep / 20) return fail("solo5_yield returned before its deadline");
    }
    solo5_yield(0, NULL);   /* a deadline in the past, no ready set wanted */
    if (solo5_clock_wall() < wall + 3 * sleep - 3 * sleep / 20) return fail("wall clock did not advance by the sleeps");
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
