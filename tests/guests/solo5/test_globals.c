/* Initialised data is loaded and writable; BSS is zero. */
#include "puts.h"

static char message[] = "FAILURE\n";
static uint64_t zeroed[256];

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    puts("\n**** Solo5 standalone test_globals ****\n\n");
    for (unsigned i = 0; i < sizeof zeroed / sizeof zeroed[0]; i++)
        if (zeroed[i] != 0) {
            puts("FAILURE: BSS not zero\n");
            return SOLO5_EXIT_FAILURE;
        }
    const char success[] = "SUCCESS\n";
    for (unsigned i = 0; i < sizeof success; i++) message[i] = success[i];
    puts(message);
    return SOLO5_EXIT_SUCCESS;
}
