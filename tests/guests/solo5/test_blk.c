/* Block I/O: write a pattern to every block (or every STRIDE-th, from the command line), read it
   back, and check that the calls the API forbids are refused. */
#include "puts.h"

static uint8_t wbuf[4096], rbuf[4096];

static int fail(const char *what)
{
    puts("FAILURE: ");
    puts(what);
    puts("\n");
    return SOLO5_EXIT_FAILURE;
}

static uint64_t stride_of(const char *s)
{
    uint64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) v = v * 10 + (uint64_t)(*s - '0');
    return v ? v : 1;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    puts("\n**** Solo5 standalone test_blk ****\n\n");
    solo5_handle_t h;
    struct solo5_block_info info;
    if (solo5_block_acquire("nonexistent", &h, &info) != SOLO5_R_EINVAL) return fail("unknown device acquired");
    if (solo5_block_acquire("storage", &h, &info) != SOLO5_R_OK) return fail("solo5_block_acquire");
    if (info.block_size == 0 || info.block_size > sizeof wbuf || info.capacity % info.block_size != 0)
        return fail("block size");
    uint64_t blocks = info.capacity / info.block_size, stride = stride_of(si->cmdline);
    for (uint64_t b = 0; b < blocks; b += stride) {
        for (uint64_t i = 0; i < info.block_size; i++) wbuf[i] = (uint8_t)('0' + (b + i) % 64);
        if (solo5_block_write(h, b * info.block_size, wbuf, info.block_size) != SOLO5_R_OK) return fail("write");
        for (uint64_t i = 0; i < info.block_size; i++) rbuf[i] = 0;
        if (solo5_block_read(h, b * info.block_size, rbuf, info.block_size) != SOLO5_R_OK) return fail("read");
        for (uint64_t i = 0; i < info.block_size; i++)
            if (rbuf[i] != wbuf[i]) return fail("data read back differs");
    }
    if (solo5_block_write(h, 1, wbuf, info.block_size) != SOLO5_R_EINVAL) return fail("unaligned offset accepted");
    if (solo5_block_read(h, 0, rbuf, info.block_size - 1) != SOLO5_R_EINVAL) return fail("short size accepted");
    if (solo5_block_read(h, info.capacity, rbuf, info.block_size) != SOLO5_R_EINVAL) return fail("read at capacity accepted");
    if (solo5_block_read(h + 1, 0, rbuf, info.block_size) != SOLO5_R_EINVAL) return fail("bad handle accepted");
    puts("blocks: ");
    put_dec(blocks);
    puts("\nSUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
