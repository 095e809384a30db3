/* Command-line round trip: prints the command line exactly as the tender handed it over (boot info,
   before the bindings take leading --solo5: options off it). */
#include "support/guest.h"

int guest_main(const char *cmdline)
{
    puts_str("Hello, world\nCommand line is: '");
    (void)cmdline;
    puts_str((const char *)boot_info->cmdline);
    puts_str("'\n");
    return 0;
}
