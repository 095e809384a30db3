/* Thread-local storage, x86-64 variant II (docs/hvt-abi.md §9.3): a block is .tdata, .tbss, then
   the thread pointer, which points to itself. */
#include "bindings.h"

/* From the linker script (solo5_hvt.lds). */
extern char _stdata[], _etdata[], _etbss[];

size_t solo5_tls_size(void)
{
    return (size_t)(_etbss - _stdata) + sizeof(uintptr_t);
}

uintptr_t solo5_tls_tp_offset(uintptr_t tls)
{
    return tls + (uintptr_t)(_etbss - _stdata);
}

solo5_result_t solo5_tls_init(uintptr_t tls)
{
    if (tls == 0) return SOLO5_R_EINVAL;
    size_t data = (size_t)(_etdata - _stdata), bss = (size_t)(_etbss - _etdata);
    memcpy((void *)tls, _stdata, data);
    memset((void *)(tls + data), 0, bss);
    uintptr_t *tp = (uintptr_t *)solo5_tls_tp_offset(tls);
    *tp = (uintptr_t)tp;
    return SOLO5_R_OK;
}

solo5_result_t solo5_set_tls_base(uintptr_t base)
{
    __asm__ __volatile__("wrmsr" : : "c"(0xC0000100u), "a"((uint32_t)base), "d"((uint32_t)(base >> 32)));
    return SOLO5_R_OK;
}
