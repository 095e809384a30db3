/* One 4 KiB console write: 64 lines of 63 characters and a newline. */
#include "support/guest.h"

static char page[4096];

int guest_main(const char *cmdline)
{
    (void)cmdline;
    for (int line = 0; line < 64; line++) {
        for (int col = 0; col < 63; col++) page[line * 64 + col] = (char)('A' + (line + col) % 26);
        page[line * 64 + 63] = '\n';
    }
    write_bytes(page, sizeof page);
    return 0;
}
