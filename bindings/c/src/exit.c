/* solo5_exit, solo5_abort and HALT (docs/hvt-abi.md §4.4, §9.3). */
#include "bindings.h"

void solo5net_halt(int status, void *cookie)
{
    volatile struct hvt_hc_halt halt = { .cookie = (uint64_t)(uintptr_t)cookie, .exit_status = status };
    for (;;) solo5net_hypercall(HVT_HYPERCALL_HALT, &halt);
}

void solo5_exit(int status)
{
    if (solo5net_log_level >= LOG_INFO) {
        char line[64], *at = line, *end = line + sizeof line;
        at = solo5net_fmt_str(at, end, "Solo5: solo5_exit(");
        at = solo5net_fmt_dec(at, end, status);
        at = solo5net_fmt_str(at, end, ") called\n");
        solo5net_write_buffer(line, at);
    }
    solo5net_halt(status, NULL);
}

void solo5_abort(void)
{
    solo5net_log(LOG_INFO, "Solo5: solo5_abort() called\n");
    solo5net_halt(SOLO5_EXIT_ABORT, NULL);
}
