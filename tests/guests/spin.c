/* Guest instruction rate for the benchmark (bench/Hvt.Bench "echo"): N iterations of a
   two-instruction loop (dec; jnz), then halt 0. (time(N) − time(0)) / 2N is the cost of one
   guest instruction on this machine's KVM. */
#include "support/guest.h"

int guest_main(const char *cmdline)
{
    (void)cmdline;
    u64 n = parse_u64(word(0));
    if (n == 0) return 0;
    __asm__ __volatile__("1: dec %0\n\tjnz 1b" : "+r"(n) : : "cc");
    return 0;
}
