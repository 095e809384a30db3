/* A write to page zero (never mapped, docs/hvt-abi.md §2.4): a page fault the bindings report
   with its address, then abort (status 255). */
#include "puts.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    puts("\n**** Solo5 standalone test_zeropage ****\n\n");
    /* The address through an asm barrier: the compiler cannot prove the write is out of bounds. */
    uintptr_t address = 8;
    __asm__("" : "+r"(address));
    *(volatile uint64_t *)address = 1;
    puts("FAILURE: the write to page zero succeeded\n");
    return SOLO5_EXIT_FAILURE;
}
