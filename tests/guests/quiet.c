/* Prints nothing and exits 0: the tender itself must print nothing either. */
#include "support/guest.h"

int guest_main(const char *cmdline)
{
    (void)cmdline;
    return 0;
}
