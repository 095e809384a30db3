/* Block throughput for the benchmark (bench/Hvt.Bench "block"): MODE N, MODE = read or write.
   N single-block hypercalls of block_size bytes over consecutive blocks (wrapping at capacity),
   then halt 0. N = 0 boots and halts, the baseline the per-call cost is measured against. */
#include "support/guest.h"

static u8 buf[65536];

int guest_main(const char *cmdline)
{
    (void)cmdline;
    int index = mft_find("storage", MFT_DEV_BLOCK_BASIC);
    if (index < 0 || !mft_entry(index)->attached) { puts_str("blkbench: no storage\n"); return 1; }
    u64 capacity = mft_entry(index)->u.block_basic.capacity, size = mft_entry(index)->u.block_basic.block_size;
    if (size > sizeof buf || capacity < size) { puts_str("blkbench: bad block size\n"); return 1; }
    int nr = word_is(0, "write") ? HVT_HYPERCALL_BLOCK_WRITE : word_is(0, "read") ? HVT_HYPERCALL_BLOCK_READ : 0;
    if (nr == 0) { puts_str("blkbench: MODE must be read or write\n"); return 3; }
    u64 n = parse_u64(word(1)), blocks = capacity / size;
    for (u64 i = 0; i < n; i++) {
        volatile struct hvt_hc_block b = { (u64)index, (i % blocks) * size, (u64)buf, size, -1, {0} };
        hypercall(nr, &b);
        if (b.ret != SOLO5_R_OK) { puts_str("blkbench: I/O failed\n"); return 1; }
    }
    return 0;
}
