/* A program written against Solo5 0.9's solo5.h alone: every type, constant and call of the
   public API, as a Solo5 unikernel would use them. It must compile unchanged (-std=c99
   -pedantic -Werror) and link against the C bindings (CBindings/ToolchainTests.cs). */
#include "solo5.h"

static uint8_t buffer[4096];

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *cmdline = si->cmdline;
    uintptr_t heap = si->heap_start;
    size_t heap_size = si->heap_size;
    solo5_console_write(cmdline, 0);

    solo5_time_t now = solo5_clock_monotonic();
    solo5_time_t wall = solo5_clock_wall();
    solo5_handle_set_t ready;
    solo5_yield(now + wall % 2, &ready);

    solo5_handle_t net, block;
    struct solo5_net_info ni;
    struct solo5_block_info bi;
    size_t got;
    solo5_result_t r = solo5_net_acquire("service0", &net, &ni);
    if (r == SOLO5_R_OK) {
        uint8_t mac[SOLO5_NET_ALEN];
        mac[0] = ni.mac_address[0];
        (void)mac;
        r = solo5_net_write(net, buffer, SOLO5_NET_HLEN + ni.mtu);
        r = solo5_net_read(net, buffer, sizeof buffer, &got);
    }
    if (solo5_block_acquire("storage", &block, &bi) == SOLO5_R_OK) {
        solo5_off_t offset = bi.capacity - bi.block_size;
        r = solo5_block_write(block, offset, buffer, bi.block_size);
        r = solo5_block_read(block, offset, buffer, bi.block_size);
    }
    if (r == SOLO5_R_AGAIN || r == SOLO5_R_EINVAL || r == SOLO5_R_EUNSPEC)
        solo5_abort();

    if (heap_size > solo5_tls_size() && solo5_tls_init(heap) == SOLO5_R_OK)
        (void)solo5_set_tls_base(solo5_tls_tp_offset(heap));
    if (ready == 0)
        solo5_exit(SOLO5_EXIT_FAILURE);
    return SOLO5_EXIT_SUCCESS + 0 * SOLO5_EXIT_ABORT;
}
