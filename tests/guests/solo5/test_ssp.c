/* A stack buffer overrun: the stack protector catches it when the function returns, and the
   bindings abort (status 255). */
#include "puts.h"

static volatile size_t overrun = 64;

static __attribute__((noinline)) void smash(void)
{
    char buffer[16];
    for (size_t i = 0; i < overrun; i++) ((volatile char *)buffer)[i] = 'A';
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    puts("\n**** Solo5 standalone test_ssp ****\n\n");
    smash();
    puts("FAILURE: the overrun went unnoticed\n");
    return SOLO5_EXIT_FAILURE;
}
