/* BLOCK_BASIC devices (docs/hvt-abi.md §4.4, §9.3): one block per request; range checks are the
   tender's. */
#include "bindings.h"

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle, struct solo5_block_info *info)
{
    solo5_handle_t h;
    struct mft_entry *e = solo5net_mft_find(name, MFT_DEV_BLOCK_BASIC, &h);
    if (e == NULL || !e->attached || handle == NULL || info == NULL) return SOLO5_R_EINVAL;
    *handle = h;
    info->capacity = e->u.block_basic.capacity;
    info->block_size = e->u.block_basic.block_size;
    return SOLO5_R_OK;
}

static solo5_result_t transfer(int nr, solo5_handle_t handle, solo5_off_t offset, const uint8_t *buf, size_t size)
{
    struct mft_entry *e = solo5net_mft_get(handle, MFT_DEV_BLOCK_BASIC);
    if (e == NULL) return SOLO5_R_EINVAL;
    uint64_t block = e->u.block_basic.block_size;
    if (block == 0 || offset % block != 0 || size != block) return SOLO5_R_EINVAL;
    volatile struct hvt_hc_block args = {
        .handle = handle, .offset = offset, .data = (uint64_t)(uintptr_t)buf, .len = size,
    };
    solo5net_hypercall(nr, &args);
    return (solo5_result_t)args.ret;
}

solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset, const uint8_t *buf, size_t size)
{
    return transfer(HVT_HYPERCALL_BLOCK_WRITE, handle, offset, buf, size);
}

solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset, uint8_t *buf, size_t size)
{
    return transfer(HVT_HYPERCALL_BLOCK_READ, handle, offset, buf, size);
}
