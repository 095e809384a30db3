/* The stack protector: the canary is a global (-mstack-protector-guard=global), set by _start,
   because FS belongs to the application's TLS (docs/c-guide.md). */
#include "bindings.h"

uintptr_t __stack_chk_guard;

void __stack_chk_fail(void) __attribute__((noreturn));
void __stack_chk_fail(void)
{
    solo5net_log(LOG_ERROR, "Solo5: ABORT: Stack corruption detected\n");
    solo5net_halt(SOLO5_EXIT_ABORT, NULL);
}
