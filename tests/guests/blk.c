/* Block I/O driven by the guest, as Solo5's bindings do it (docs/hvt-abi.md §9.3): single-block, aligned I/O,
   plus calls the bindings would refuse, to show which checks the tender itself makes (docs/hvt-abi.md §4.4).
   Scenario = first command-line word. */
#include "support/guest.h"

static u8 buf[4096], check[4096];
static u64 handle, capacity, block_size;

static int block_io(int nr, u64 h, u64 offset, void *data, u64 len)
{
    volatile struct hvt_hc_block b = { h, offset, (u64)data, len, -1, {0} };
    hypercall(nr, &b);
    return b.ret;
}

static u8 pattern(u64 block, u64 i) { return (u8)(block * 7 + i + 1); }

static int fail(const char *what, u64 value)
{
    puts_str("FAILURE: "); puts_str(what); puts_str(" "); put_hex(value); puts_str("\n");
    return 1;
}

static int round_trip_block(u64 blk)
{
    for (u64 i = 0; i < block_size; i++) buf[i] = pattern(blk, i);
    if (block_io(HVT_HYPERCALL_BLOCK_WRITE, handle, blk * block_size, buf, block_size) != SOLO5_R_OK) return fail("write block", blk);
    memset(check, 0, block_size);
    if (block_io(HVT_HYPERCALL_BLOCK_READ, handle, blk * block_size, check, block_size) != SOLO5_R_OK) return fail("read block", blk);
    if (memcmp(buf, check, block_size) != 0) return fail("data mismatch in block", blk);
    return 0;
}

/* Write then read back every 'stride'-th block and the last one. */
static int round_trip(u64 stride)
{
    u64 blocks = capacity / block_size;
    for (u64 blk = 0; blk < blocks; blk += stride)
        if (round_trip_block(blk)) return 1;
    return round_trip_block(blocks - 1);
}

/* The tender's range and handle checks: each of these must give EINVAL. */
static int refusals(void)
{
    struct { u64 h, off, len; const char *what; } cases[] = {
        { handle, capacity, block_size, "offset at capacity" },
        { handle, capacity - block_size + 1, block_size, "end past capacity" },
        { handle, 0, capacity + block_size, "length past capacity" },
        { handle, block_size, 0xfffffffffffffe00UL, "offset+len overflow" },
        { handle, 0, 0x8000000000000000UL, "len > SSIZE_MAX" },
        { 0, 0, block_size, "reserved entry handle 0" },
        { 99, 0, block_size, "handle past entries" },
        { handle + 0x100000000UL * 5 + 40, 0, block_size, "bad handle, upper bits set" },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int w = block_io(HVT_HYPERCALL_BLOCK_WRITE, cases[i].h, cases[i].off, buf, cases[i].len);
        int r = block_io(HVT_HYPERCALL_BLOCK_READ, cases[i].h, cases[i].off, buf, cases[i].len);
        if (w != SOLO5_R_EINVAL || r != SOLO5_R_EINVAL) {
            puts_str("FAILURE: not refused: "); puts_str(cases[i].what); puts_str("\n");
            return 1;
        }
    }
    /* Upper 32 bits of a handle are ignored: the tender uses the low 32 as the index. */
    if (block_io(HVT_HYPERCALL_BLOCK_READ, handle | 0xabcd00000000UL, 0, buf, block_size) != SOLO5_R_OK)
        return fail("handle with upper bits not accepted", handle);
    return 0;
}

int guest_main(const char *cmdline)
{
    (void)cmdline;
    int index = mft_find("storage", MFT_DEV_BLOCK_BASIC);
    if (index < 0) return fail("no storage entry", 0);
    struct mft_entry *e = mft_entry(index);
    if (!e->attached) return fail("storage not attached", 0);
    handle = (u64)index;
    capacity = e->u.block_basic.capacity;
    block_size = e->u.block_basic.block_size;
    puts_str("capacity="); put_dec(capacity); puts_str(" block_size="); put_dec(block_size); puts_str("\n");
    if (block_size > sizeof buf) return fail("block size too large for test", block_size);

    if (word_is(0, "info")) return 0;
    if (word_is(0, "verify")) {                  /* docs/hvt-abi.md §9.3-style run: SUCCESS or FAILURE */
        u64 stride = parse_u64(word(1));
        if (round_trip(stride ? stride : 64) || refusals()) return 1;
        puts_str("SUCCESS\n");
        return 0;
    }
    if (word_is(0, "fill")) {                    /* block i gets pattern(i, ·) for the first N blocks */
        u64 n = parse_u64(word(1));
        for (u64 blk = 0; blk < n; blk++) {
            for (u64 i = 0; i < block_size; i++) buf[i] = pattern(blk, i);
            if (block_io(HVT_HYPERCALL_BLOCK_WRITE, handle, blk * block_size, buf, block_size) != SOLO5_R_OK) return fail("write", blk);
        }
        return 0;
    }
    if (word_is(0, "unaligned")) {               /* the tender makes no alignment check */
        memcpy(buf, "solo5net", 8);
        if (block_io(HVT_HYPERCALL_BLOCK_WRITE, handle, 3, buf, 8) != SOLO5_R_OK) return fail("unaligned write", 3);
        memset(check, 0, 8);
        if (block_io(HVT_HYPERCALL_BLOCK_READ, handle, 3, check, 8) != SOLO5_R_OK) return fail("unaligned read", 3);
        if (memcmp(buf, check, 8) != 0) return fail("unaligned data", 3);
        return 0;
    }
    if (word_is(0, "dump")) {                    /* prints the first 16 bytes of block 0 */
        if (block_io(HVT_HYPERCALL_BLOCK_READ, handle, 0, buf, block_size) != SOLO5_R_OK) return fail("read", 0);
        write_bytes(buf, 16);
        puts_str("\n");
        return 0;
    }
    if (word_is(0, "bad-buffer")) {              /* data buffer ends exactly at mem_size */
        block_io(HVT_HYPERCALL_BLOCK_READ, handle, 0, (void *)(boot_info->mem_size - block_size), block_size);
        return fail("bad buffer accepted", 0);
    }
    puts_str("unknown scenario\n");
    return 3;
}
