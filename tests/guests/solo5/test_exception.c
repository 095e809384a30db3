/* An invalid opcode: the bindings report the trap and abort (status 255). */
#include "puts.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    puts("\n**** Solo5 standalone test_exception ****\n\n");
    __asm__ __volatile__("ud2");
    puts("FAILURE: execution continued after ud2\n");
    return SOLO5_EXIT_FAILURE;
}
