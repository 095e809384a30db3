/* Instruction counting (tests/Tender.Tests Modules/InstructionCountTests): one `rep movsb` of N
   bytes (N = first word, at most 4096), then halt 0. A rep-prefixed instruction is one
   instruction whatever N; single-stepping traps once per iteration. */
#include "support/guest.h"

static char source[4096], destination[4096];

int guest_main(const char *cmdline)
{
    (void)cmdline;
    u64 n = parse_u64(word(0));
    if (n > sizeof source) n = sizeof source;
    void *to = destination;
    const void *from = source;
    __asm__ __volatile__("rep movsb" : "+D"(to), "+S"(from), "+c"(n) : : "memory");
    return 0;
}
