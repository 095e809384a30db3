/* Declares a device of an unknown type (7) and one of an ignored type (>= 0x40000000). */
#include "support/guest.h"

int guest_main(const char *cmdline)
{
    (void)cmdline;
    return 0;
}
