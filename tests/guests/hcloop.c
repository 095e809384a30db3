/* Hypercall round trips for the benchmark: N WALLTIME hypercalls (N = first word, default 0),
   then halt 0. Nothing else, so the time per extra call is the exit round trip. */
#include "support/guest.h"

int guest_main(const char *cmdline)
{
    (void)cmdline;
    u64 n = parse_u64(word(0));
    volatile struct hvt_hc_walltime w = { 0 };
    for (u64 i = 0; i < n; i++) hypercall(HVT_HYPERCALL_WALLTIME, &w);
    return 0;
}
