/* Clocks (docs/hvt-abi.md §9.3): monotonic from the TSC at cpu_cycle_freq, wall from WALLTIME. */
#include "bindings.h"

#define NSEC_PER_SEC 1000000000ULL

static uint64_t tsc_base, tsc_hz;

void solo5net_clock_init(uint64_t cpu_cycle_freq)
{
    tsc_hz = cpu_cycle_freq ? cpu_cycle_freq : NSEC_PER_SEC;
    tsc_base = solo5net_rdtsc();
}

solo5_time_t solo5_clock_monotonic(void)
{
    uint64_t cycles = solo5net_rdtsc() - tsc_base;
    /* whole seconds, then the remainder: exact and without overflow below 18 GHz */
    return cycles / tsc_hz * NSEC_PER_SEC + cycles % tsc_hz * NSEC_PER_SEC / tsc_hz;
}

solo5_time_t solo5_clock_wall(void)
{
    volatile struct hvt_hc_walltime walltime = { 0 };
    solo5net_hypercall(HVT_HYPERCALL_WALLTIME, &walltime);
    return walltime.nsecs;
}

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    solo5_time_t now = solo5_clock_monotonic();
    volatile struct hvt_hc_poll poll = { .timeout_nsecs = deadline > now ? deadline - now : 0 };
    solo5net_hypercall(HVT_HYPERCALL_POLL, &poll);
    if (ready_set) *ready_set = poll.ready_set;
}
