/* Thread-local storage: two TLS blocks from the heap, switched with solo5_set_tls_base; each
   keeps its own copy of an initialised and a zeroed variable. */
#include "puts.h"

static __thread volatile uint64_t tdata = 42;
static __thread volatile uint64_t tbss;

static uintptr_t heap;

static uintptr_t take(size_t size)
{
    uintptr_t at = (heap + 15) & ~(uintptr_t)15;
    heap = at + size;
    return at;
}

static int fail(const char *what)
{
    puts("FAILURE: ");
    puts(what);
    puts("\n");
    return SOLO5_EXIT_FAILURE;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    puts("\n**** Solo5 standalone test_tls ****\n\n");
    heap = si->heap_start;
    uintptr_t one = take(solo5_tls_size()), two = take(solo5_tls_size());
    if (solo5_tls_init(0) != SOLO5_R_EINVAL) return fail("solo5_tls_init(0) not refused");
    if (solo5_tls_init(one) != SOLO5_R_OK || solo5_tls_init(two) != SOLO5_R_OK) return fail("solo5_tls_init");

    if (solo5_set_tls_base(solo5_tls_tp_offset(one)) != SOLO5_R_OK) return fail("set base one");
    if (tdata != 42 || tbss != 0) return fail("block one not initialised");
    tdata = 1;
    tbss = 10;
    if (solo5_set_tls_base(solo5_tls_tp_offset(two)) != SOLO5_R_OK) return fail("set base two");
    if (tdata != 42 || tbss != 0) return fail("block two not initialised");
    tdata = 2;
    tbss = 20;
    if (solo5_set_tls_base(solo5_tls_tp_offset(one)) != SOLO5_R_OK) return fail("set base one again");
    if (tdata != 1 || tbss != 10) return fail("block one lost its values");
    if (solo5_set_tls_base(solo5_tls_tp_offset(two)) != SOLO5_R_OK) return fail("set base two again");
    if (tdata != 2 || tbss != 20) return fail("block two lost its values");
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
