/* 63 block devices storage0..storage62 (the most a manifest can hold): acquire the first and the
   last, write a block to each and read it back. */
#include "support/guest.h"

static u8 buf[512], check[512];

static int block_io(int nr, u64 h, void *data)
{
    volatile struct hvt_hc_block b = { h, 0, (u64)data, 512, -1, {0} };
    hypercall(nr, &b);
    return b.ret;
}

static int use(const char *name, u8 fill)
{
    int h = mft_find(name, MFT_DEV_BLOCK_BASIC);
    if (h < 0 || !mft_entry(h)->attached) { puts_str("FAILURE: cannot acquire "); puts_str(name); puts_str("\n"); return 1; }
    memset(buf, fill, sizeof buf);
    if (block_io(HVT_HYPERCALL_BLOCK_WRITE, (u64)h, buf) != SOLO5_R_OK || block_io(HVT_HYPERCALL_BLOCK_READ, (u64)h, check) != SOLO5_R_OK
        || memcmp(buf, check, sizeof buf) != 0) {
        puts_str("FAILURE: I/O on "); puts_str(name); puts_str("\n");
        return 1;
    }
    puts_str(name); puts_str(" is handle "); put_dec((u64)h); puts_str("\n");
    return 0;
}

int guest_main(const char *cmdline)
{
    (void)cmdline;
    if (use("storage0", 0xa0) || use("storage62", 0xb6)) return 1;
    puts_str("SUCCESS\n");
    return 0;
}
