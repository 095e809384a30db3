/* NET_BASIC devices (docs/hvt-abi.md §4.4, §9.3): ring I/O when the tender offers it (§5),
   else hypercalls 6 and 7. No MTU check on writes, as in Solo5. */
#include "bindings.h"

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle, struct solo5_net_info *info)
{
    solo5_handle_t h;
    struct mft_entry *e = solo5net_mft_find(name, MFT_DEV_NET_BASIC, &h);
    if (e == NULL || !e->attached || handle == NULL || info == NULL) return SOLO5_R_EINVAL;
    *handle = h;
    memcpy(info->mac_address, e->u.net_basic.mac, SOLO5_NET_ALEN);
    info->mtu = e->u.net_basic.mtu;
    return SOLO5_R_OK;
}

solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf, size_t size)
{
    if (solo5net_mft_get(handle, MFT_DEV_NET_BASIC) == NULL) return SOLO5_R_EINVAL;
    if (solo5net_ring_active()) return solo5net_ring_write(handle, buf, size);
    volatile struct hvt_hc_net args = { .handle = handle, .data = (uint64_t)(uintptr_t)buf, .len = size };
    solo5net_hypercall(HVT_HYPERCALL_NET_WRITE, &args);
    return (solo5_result_t)args.ret;
}

solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf, size_t size, size_t *read_size)
{
    struct mft_entry *e = solo5net_mft_get(handle, MFT_DEV_NET_BASIC);
    if (e == NULL || size < (size_t)e->u.net_basic.mtu + SOLO5_NET_HLEN || read_size == NULL)
        return SOLO5_R_EINVAL;
    if (solo5net_ring_active()) return solo5net_ring_read(handle, buf, size, read_size);
    volatile struct hvt_hc_net args = { .handle = handle, .data = (uint64_t)(uintptr_t)buf, .len = size };
    solo5net_hypercall(HVT_HYPERCALL_NET_READ, &args);
    *read_size = args.ret == SOLO5_R_OK ? args.len : 0;
    return (solo5_result_t)args.ret;
}
