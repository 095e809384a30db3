/* The gdb test guest (tests/Tender.Tests/Gdb): built with -O0 -g so that gdb sees every function,
   line and variable. guest_main calls checksum(), which updates a global; the exit code is 7. */
#include "support/guest.h"

volatile u64 debug_counter = 40;

static u64 checksum(u64 value)
{
    u64 sum = value * 3;
    debug_counter += 2;
    return sum;
}

int guest_main(const char *cmdline)
{
    (void)cmdline;
    u64 result = checksum(5);
    puts_str("debug guest: checksum done\n");
    return (int)(result - 8);
}
