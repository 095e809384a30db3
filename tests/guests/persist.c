/* For the exit-path tests (tests/Tender.Tests/Security): "persist N" writes blocks 0..N-1 of
   storage (byte i of block b is persist_byte(b, i)), prints "written N", then sleeps in POLL until
   the tender is stopped (bounded: 60 s of wall-clock time, then exit 2). */
#include "support/guest.h"

static u8 buf[4096];

static u8 persist_byte(u64 block, u64 i) { return (u8)(block * 13 + i * 7 + 3); }

int guest_main(const char *cmdline)
{
    (void)cmdline;
    int index = mft_find("storage", MFT_DEV_BLOCK_BASIC);
    if (index < 0 || !mft_entry(index)->attached) { puts_str("FAILURE: no storage\n"); return 1; }
    u64 block_size = mft_entry(index)->u.block_basic.block_size;
    u64 blocks = parse_u64(word(1));
    if (!word_is(0, "persist") || block_size > sizeof buf || blocks * block_size > mft_entry(index)->u.block_basic.capacity) {
        puts_str("usage: persist N (N blocks of at most 4096 bytes that fit the device)\n");
        return 3;
    }
    for (u64 b = 0; b < blocks; b++) {
        for (u64 i = 0; i < block_size; i++) buf[i] = persist_byte(b, i);
        volatile struct hvt_hc_block req = { (u64)index, b * block_size, (u64)buf, block_size, -1, {0} };
        hypercall(HVT_HYPERCALL_BLOCK_WRITE, &req);
        if (req.ret != SOLO5_R_OK) { puts_str("FAILURE: write "); put_dec(b); puts_str("\n"); return 1; }
    }
    puts_str("written "); put_dec(blocks); puts_str("\n");
    u64 start = monotonic();
    while (monotonic() - start < 60000000000UL) poll(1000000000UL, 0);
    return 2;
}
