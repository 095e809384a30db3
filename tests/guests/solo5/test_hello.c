/* Console output and the command line. */
#include "puts.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    puts("\n**** Solo5 standalone test_hello ****\n\n");
    puts("Hello, World\nCommand line is: '");
    puts(si->cmdline);
    puts("'\n");
    if (si->heap_start == 0 || si->heap_size == 0 || si->heap_start % 4096 != 0) {
        puts("FAILURE: no heap\n");
        return SOLO5_EXIT_FAILURE;
    }
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
