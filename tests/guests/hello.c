/* Command-line round trip: prints the command line exactly as received. */
#include "support/guest.h"

int guest_main(const char *cmdline)
{
    puts_str("Hello, world\nCommand line is: '");
    puts_str(cmdline);
    puts_str("'\n");
    return 0;
}
