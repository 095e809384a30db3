/* Initialised data is loaded and writable, BSS starts zeroed. */
#include "support/guest.h"

static char message[] = "RUCCESS\n";
static u64 zeroed[64];

int guest_main(const char *cmdline)
{
    (void)cmdline;
    for (int i = 0; i < 64; i++)
        if (zeroed[i] != 0) { puts_str("FAILURE: bss not zero\n"); return 1; }
    message[0] = 'S';
    puts_str(message);
    return 0;
}
