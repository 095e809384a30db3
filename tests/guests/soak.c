/* Long runs of mixed valid and invalid (but never fatal) device I/O, for the soak and the
   guest-driven property test (tests/Tender.Tests/Soak, Properties). Needs "storage" (block) and
   "service0" (net) attached.

   "soak N": N operations from a fixed 16-step cycle: WALLTIME, PUTS, POLL(0), a block sector
   write + read-back round trip, a 60-byte frame on the tap, NET_READ, and requests the tender must
   answer EINVAL (offset at capacity, len > SSIZE_MAX, offset + len wrapping, a net handle for
   block, a block handle for net, the reserved entry, an index beyond the manifest). With ring I/O
   two steps of the cycle use the ring (a write with an unknown handle, skipped; a read with an
   unknown handle, committed EINVAL) instead of hypercalls.
   "fuzz N SEED": N block/net hypercalls with handles, offsets and lengths drawn from edge values
   by a PRNG; every result is checked against the tender's rules (docs/hvt-abi.md §4.4).
   Both print "progress I" every N/50 operations and finally "done ops=N hypercalls=H bad=B";
   the exit status is 0 iff every result was the expected one. */
#include "support/guest.h"

#define SECTOR 512
static u8 sector[SECTOR];
static u8 check[SECTOR];
static u8 frame[60];
static u8 rx[2048];
/* Big enough for any block request that passes the tender's range checks (capacity ≤ this). */
static u8 big[1 << 16];

static u64 storage, service0, capacity, entries;
static u64 hypercalls, bad;
static int first_bad_reported;

static void expect(int got, int want, u64 step)
{
    if (got == want) return;
    bad++;
    if (first_bad_reported++ < 5) {
        puts_str("unexpected: step "); put_dec(step); puts_str(" ret "); put_dec((u64)got);
        puts_str(" want "); put_dec((u64)want); puts_str("\n");
    }
}

static int block(int nr, u64 handle, u64 offset, void *data, u64 len)
{
    volatile struct hvt_hc_block b = { handle, offset, (u64)data, len, -1, {0} };
    hypercall(nr, &b);
    hypercalls++;
    return b.ret;
}

static int net(int nr, u64 handle, void *data, u64 len)
{
    volatile struct hvt_hc_net n = { handle, (u64)data, len, -1, {0} };
    hypercall(nr, &n);
    hypercalls++;
    return n.ret;
}

static volatile struct hvt_ring *ring;
static u32 ring_id;

static void ring_submit(u32 op, u32 handle, void *data, u32 len)
{
    while (ring->ent_tail - ring->ent_head >= HVT_RING_SLOTS - 1) { }
    volatile struct hvt_ring_entry *e = &ring->entries[ring->ent_tail & HVT_RING_MASK];
    e->op = op; e->handle = handle; e->data = (u64)data; e->len = len; e->id = ring_id++;
    __asm__ __volatile__("" ::: "memory");
    ring->ent_tail++;
    __asm__ __volatile__("mfence" ::: "memory");
    if (ring->needs_kick) outl(HVT_RING_KICK_PORT, 0);
}

static int ring_read_invalid(void)
{
    ring_submit(HVT_RING_NET_READ, 63, rx, sizeof rx);
    while (ring->com_head == ring->com_tail) { }
    int ret = ring->commits[ring->com_head & HVT_RING_MASK].ret;
    ring->com_head++;
    return ret;
}

static void soak_step(u64 i)
{
    u64 sectors = capacity / SECTOR;
    u64 at = (i >> 4) % sectors * SECTOR;
    switch (i & 15) {
    case 0: case 13: { volatile struct hvt_hc_walltime w = { 0 }; hypercall(HVT_HYPERCALL_WALLTIME, &w); hypercalls++; break; }
    case 1: write_bytes(sector, 0); hypercalls++; break;
    case 2:
        *(volatile u64 *)sector = i;
        expect(block(HVT_HYPERCALL_BLOCK_WRITE, storage, at, sector, SECTOR), SOLO5_R_OK, i);
        break;
    case 3:
        *(volatile u64 *)check = 0;
        expect(block(HVT_HYPERCALL_BLOCK_READ, storage, at, check, SECTOR), SOLO5_R_OK, i);
        if (*(volatile u64 *)check != i - 1) expect(99, SOLO5_R_OK, i);
        break;
    case 4: expect(block(HVT_HYPERCALL_BLOCK_WRITE, storage, capacity, sector, SECTOR), SOLO5_R_EINVAL, i); break;
    case 5: expect(block(HVT_HYPERCALL_BLOCK_READ, storage, 0, check, 0x8000000000000000UL), SOLO5_R_EINVAL, i); break;
    case 6: expect(net(HVT_HYPERCALL_NET_WRITE, service0, frame, sizeof frame), SOLO5_R_OK, i); break;
    case 7: {
        int r = net(HVT_HYPERCALL_NET_READ, service0, rx, sizeof rx);
        if (r != SOLO5_R_AGAIN && r != SOLO5_R_OK) expect(r, SOLO5_R_AGAIN, i);
        break;
    }
    case 8: { u64 set; (void)poll(0, &set); hypercalls++; break; }
    case 9: expect(block(HVT_HYPERCALL_BLOCK_WRITE, service0, 0, sector, SECTOR), SOLO5_R_EINVAL, i); break;
    case 10: expect(net(HVT_HYPERCALL_NET_WRITE, storage, frame, sizeof frame), SOLO5_R_EINVAL, i); break;
    case 11: expect(block(HVT_HYPERCALL_BLOCK_READ, storage, SECTOR, check, (u64)0 - SECTOR), SOLO5_R_EINVAL, i); break;
    case 12: expect(net(HVT_HYPERCALL_NET_READ, 0, rx, sizeof rx), SOLO5_R_EINVAL, i); break;
    case 14:
        if (ring) ring_submit(HVT_RING_NET_WRITE, 63, frame, sizeof frame);
        else expect(net(HVT_HYPERCALL_NET_WRITE, entries, frame, sizeof frame), SOLO5_R_EINVAL, i);
        break;
    case 15:
        if (ring) expect(ring_read_invalid(), SOLO5_R_EINVAL, i);
        else expect(block(HVT_HYPERCALL_BLOCK_READ, 0xffffffffUL, 0, check, SECTOR), SOLO5_R_EINVAL, i);
        break;
    }
}

/* xorshift64 */
static u64 rng;
static u64 next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static u64 edge(u64 size)
{
    u64 r = next();
    switch (r & 7) {
    case 0: return 0;
    case 1: return size;
    case 2: return size - SECTOR;
    case 3: return size + SECTOR;
    case 4: return (u64)0 - SECTOR;
    case 5: return 0x8000000000000000UL;
    case 6: return (r >> 8) % (size + 1);
    default: return r;
    }
}

static u64 any_handle(void)
{
    u64 r = next();
    switch (r & 7) {
    case 0: case 1: case 2: return storage;
    case 3: case 4: return service0;
    case 5: return 0;
    case 6: return entries + (r >> 8) % 70;
    default: return r;        /* upper bits ignored by the tender: the low 32 decide */
    }
}

static int block_valid(u64 handle, u64 offset, u64 len)
{
    if ((u32)handle != storage) return 0;
    if (len > 0x7fffffffffffffffUL || offset >= capacity) return 0;
    u64 end = offset + len;
    return end >= offset && end <= capacity;
}

static void fuzz_step(u64 i)
{
    u64 handle = any_handle();
    u64 r = next();
    if (r & 1) {
        u64 offset = edge(capacity), len = edge(capacity);
        int want = block_valid(handle, offset, len) ? SOLO5_R_OK : SOLO5_R_EINVAL;
        expect(block((r & 2) ? HVT_HYPERCALL_BLOCK_WRITE : HVT_HYPERCALL_BLOCK_READ, handle, offset, big, len), want, i);
    } else if (r & 2) {
        /* tap writes must be whole Ethernet frames (14..1514 bytes): shorter or longer is a fatal
           write error by the ABI, so only the handle varies */
        u64 len = 14 + (r >> 8) % 1501;
        expect(net(HVT_HYPERCALL_NET_WRITE, handle, big, len), (u32)handle == service0 ? SOLO5_R_OK : SOLO5_R_EINVAL, i);
    } else {
        int ret = net(HVT_HYPERCALL_NET_READ, handle, rx, sizeof rx);
        if ((u32)handle == service0) { if (ret != SOLO5_R_AGAIN && ret != SOLO5_R_OK) expect(ret, SOLO5_R_AGAIN, i); }
        else expect(ret, SOLO5_R_EINVAL, i);
    }
}

int guest_main(const char *cmdline)
{
    (void)cmdline;
    int s = mft_find("storage", MFT_DEV_BLOCK_BASIC), n = mft_find("service0", MFT_DEV_NET_BASIC);
    if (s < 0 || n < 0) { puts_str("devices missing\n"); return 2; }
    storage = (u64)s; service0 = (u64)n;
    capacity = mft_entry(s)->u.block_basic.capacity;
    entries = ((struct mft *)boot_info->mft)->entries;
    if (capacity < SECTOR || capacity > sizeof big) { puts_str("storage must be 512 B .. 64 KiB\n"); return 2; }
    if ((boot_info->host_features & HVT_FEATURE_RING_IO) && boot_info->net_ring) ring = (volatile struct hvt_ring *)boot_info->net_ring;
    /* a broadcast frame nobody in the silent test namespace answers */
    for (int b = 0; b < 6; b++) frame[b] = 0xff;
    frame[6] = 0x02; frame[12] = 0x88; frame[13] = 0xb5;   /* local experimental ethertype */

    int fuzz = word_is(0, "fuzz");
    if (!fuzz && !word_is(0, "soak")) { puts_str("usage: soak N | fuzz N SEED\n"); return 2; }
    u64 count = parse_u64(word(1));
    rng = parse_u64(word(2)) | 1;
    u64 every = count / 50 ? count / 50 : 1;
    for (u64 i = 0; i < count; i++) {
        if (fuzz) fuzz_step(i); else soak_step(i);
        if ((i + 1) % every == 0) { puts_str("progress "); put_dec(i + 1); puts_str("\n"); }
    }
    puts_str("done ops="); put_dec(count); puts_str(" hypercalls="); put_dec(hypercalls);
    puts_str(" bad="); put_dec(bad); puts_str("\n");
    return bad ? 1 : 0;
}
