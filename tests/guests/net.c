/* A minimal network responder on "service0" (and "service1" if the manifest declares it, as the
   net2 build does): answers ARP requests and ICMP echo requests for 10.0.0.2 (10.0.1.2 on
   service1), then halts with 0 after LIMIT echo replies in all. Command line: MODE LIMIT, where MODE is
   "ring" (use ring I/O when the tender offers it, else fail) or "hypercall". Gives up with 1
   after about 30 idle seconds so a broken test never hangs the guest. */
#include "support/guest.h"

#define MAX_DEVICES 2
static const char *const names[MAX_DEVICES] = { "service0", "service1" };
static const u8 ips[MAX_DEVICES][4] = { { 10, 0, 0, 2 }, { 10, 0, 1, 2 } };
static struct { u64 handle; u8 mac[6]; } devices[MAX_DEVICES];
static int device_count;

/* The device in use: handle, MAC and IP address of devices[selected]. */
static const u8 *my_ip;
static u8 my_mac[6];
static u64 handle;

static void select_device(int d)
{
    handle = devices[d].handle;
    memcpy(my_mac, devices[d].mac, 6);
    my_ip = ips[d];
}
static volatile struct hvt_ring *ring;
static u32 ring_ids;

static u8 frame[2048];
static u8 slot_bufs[16][2048];
#define SLOTS_IN_FLIGHT 16

static int hc_write(const u8 *data, u64 len)
{
    volatile struct hvt_hc_net n = { handle, (u64)data, len, -1, {0} };
    hypercall(HVT_HYPERCALL_NET_WRITE, &n);
    return n.ret;
}

static int hc_read(u8 *data, u64 size, u64 *got)
{
    volatile struct hvt_hc_net n = { handle, (u64)data, size, -1, {0} };
    hypercall(HVT_HYPERCALL_NET_READ, &n);
    *got = n.len;
    return n.ret;
}

static void ring_submit(u32 op, u64 data, u32 len)
{
    volatile struct hvt_ring_entry *e = &ring->entries[ring->ent_tail & HVT_RING_MASK];
    e->op = op;
    e->handle = (u32)handle;
    e->data = data;
    e->len = len;
    e->id = ring_ids++;
    __asm__ __volatile__("" ::: "memory");
    ring->ent_tail = ring->ent_tail + 1;
    __asm__ __volatile__("mfence" ::: "memory");
    if (ring->needs_kick) outl(HVT_RING_KICK_PORT, 0);
}

static int ring_write(const u8 *data, u64 len)
{
    for (u32 spins = 0; ring->ent_tail - ring->ent_head >= SLOTS_IN_FLIGHT; spins++)
        if (spins > 10000000) return SOLO5_R_EUNSPEC;
    u8 *slot = slot_bufs[ring->ent_tail % SLOTS_IN_FLIGHT];
    memcpy(slot, data, len);
    ring_submit(HVT_RING_NET_WRITE, (u64)slot, (u32)len);
    return SOLO5_R_OK;
}

static int ring_read(u8 *data, u64 size, u64 *got)
{
    ring_submit(HVT_RING_NET_READ, (u64)data, (u32)size);
    for (u32 spins = 0; ring->com_head == ring->com_tail; spins++)
        if (spins > 10000000) return SOLO5_R_EUNSPEC;
    __asm__ __volatile__("" ::: "memory");
    volatile struct hvt_ring_commit *c = &ring->commits[ring->com_head & HVT_RING_MASK];
    int ret = c->ret;
    *got = c->len;
    ring->com_head = ring->com_head + 1;
    return ret;
}

static int net_write(const u8 *d, u64 n) { return ring ? ring_write(d, n) : hc_write(d, n); }
static int net_read(u8 *d, u64 n, u64 *got) { return ring ? ring_read(d, n, got) : hc_read(d, n, got); }

static u16 get16(const u8 *p) { return (u16)(p[0] << 8 | p[1]); }
static void put16(u8 *p, u16 v) { p[0] = (u8)(v >> 8); p[1] = (u8)v; }

static u16 checksum(const u8 *p, u64 len)
{
    u64 sum = 0;
    for (u64 i = 0; i + 1 < len; i += 2) sum += get16(p + i);
    if (len & 1) sum += (u64)p[len - 1] << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (u16)~sum;
}

/* Returns 1 if the frame was an echo request that got a reply. */
static int handle_frame(u8 *f, u64 len)
{
    if (len < 14) return 0;
    u8 *eth_src = f + 6;
    u16 type = get16(f + 12);
    u8 *p = f + 14;
    if (type == 0x0806 && len >= 42 && get16(p + 6) == 1 && memcmp(p + 24, my_ip, 4) == 0) {
        put16(p + 6, 2);
        memcpy(p + 18, p + 8, 10);              /* target = requester's MAC and IP */
        memcpy(p + 8, my_mac, 6);
        memcpy(p + 14, my_ip, 4);
        memcpy(f, eth_src, 6);
        memcpy(f + 6, my_mac, 6);
        net_write(f, 42);
        return 0;
    }
    if (type != 0x0800 || len < 34 || p[9] != 1 || memcmp(p + 16, my_ip, 4) != 0) return 0;
    u64 ihl = (u64)(p[0] & 15) * 4;
    u64 total = get16(p + 2);
    if (total > len - 14 || ihl < 20 || total < ihl + 8) return 0;
    u8 *icmp = p + ihl;
    if (icmp[0] != 8) return 0;
    u8 ip_tmp[4];
    memcpy(ip_tmp, p + 12, 4);                  /* swapping addresses keeps the IP checksum */
    memcpy(p + 12, p + 16, 4);
    memcpy(p + 16, ip_tmp, 4);
    icmp[0] = 0;
    put16(icmp + 2, 0);
    put16(icmp + 2, checksum(icmp, total - ihl));
    memcpy(f, eth_src, 6);
    memcpy(f + 6, my_mac, 6);
    net_write(f, 14 + total);
    return 1;
}

/* The tender's handle checks and its answer on an empty queue, in the mode in use. A ring write
   is fire-and-forget (the guest always sees OK; the host skips a bad handle), so for writes only
   the hypercall result is checked, and the ring is checked to keep working afterwards. */
static int handle_checks(void)
{
    static u8 small[64];
    u64 got = 0, real = handle;
    u64 bad_handles[2] = { 0, real + 0x40 };     /* the reserved first entry; beyond the manifest */
    for (int i = 0; i < 2; i++) {
        handle = bad_handles[i];
        int w = net_write(small, sizeof small);
        int r = net_read(frame, sizeof frame, &got);
        handle = real;
        if ((ring ? SOLO5_R_OK : SOLO5_R_EINVAL) != w || r != SOLO5_R_EINVAL) {
            puts_str("FAILURE: bad handle "); put_dec(bad_handles[i]); puts_str(" not refused\n");
            return 1;
        }
    }
    /* The test keeps the host side silent, so the queue is empty. */
    int r = net_read(frame, sizeof frame, &got);
    if (r != SOLO5_R_AGAIN) { puts_str("FAILURE: empty read gave "); put_dec((u64)r); puts_str("\n"); return 1; }
    puts_str("SUCCESS\n");
    return 0;
}

int guest_main(const char *cmdline)
{
    (void)cmdline;
    for (int d = 0; d < MAX_DEVICES; d++) {
        int index = mft_find(names[d], MFT_DEV_NET_BASIC);
        if (index < 0 && d > 0) break;
        if (index < 0 || !mft_entry(index)->attached) {
            puts_str("FAILURE: "); puts_str(names[d]); puts_str(" not attached\n");
            return 1;
        }
        devices[d].handle = (u64)index;
        memcpy(devices[d].mac, mft_entry(index)->u.net_basic.mac, 6);
        device_count = d + 1;
    }
    select_device(0);
    int index = (int)handle;
    u64 mtu = mft_entry(index)->u.net_basic.mtu;
    int use_ring = word_is(0, "ring");
    u64 limit = parse_u64(word(1));
    if (use_ring) {
        if (!(boot_info->host_features & HVT_FEATURE_RING_IO) || boot_info->net_ring == 0) { puts_str("FAILURE: no ring\n"); return 1; }
        ring = (volatile struct hvt_ring *)boot_info->net_ring;
    }
    puts_str("MAC is ");
    for (int i = 0; i < 6; i++) {
        const char *hex = "0123456789abcdef";
        char b[3] = { hex[my_mac[i] >> 4], hex[my_mac[i] & 15], i < 5 ? ':' : '\n' };
        write_bytes(b, 3);
    }
    puts_str("mem_size="); put_hex(boot_info->mem_size);
    puts_str(" net_ring="); put_hex(boot_info->net_ring);
    puts_str(" host_features="); put_hex(boot_info->host_features); puts_str("\n");
    puts_str("MTU is "); put_dec(mtu); puts_str(use_ring ? "\nusing ring I/O\n" : "\nusing hypercalls\n");
    if (word_is(0, "info")) return 0;
    if (word_is(1, "checks")) return handle_checks();
    if (word_is(1, "burst") && ring) {
        /* Frames submitted right before HALT must still go out. To make the race with HALT certain,
           wait until the tender's ring thread sleeps, then submit without kicking it: only the
           tender's final drain at HALT can send these. */
        for (u32 spins = 0; !ring->needs_kick; spins++)
            if (spins > 10000000) { puts_str("FAILURE: ring thread never slept\n"); return 1; }
        u8 f[60];
        memset(f, 0, sizeof f);
        memset(f, 0xff, 6);
        memcpy(f + 6, my_mac, 6);
        put16(f + 12, 0x88b5);                   /* IEEE local experimental EtherType */
        for (int i = 0; i < SLOTS_IN_FLIGHT; i++) {
            u8 *slot = slot_bufs[i];
            f[14] = (u8)i;
            memcpy(slot, f, sizeof f);
            volatile struct hvt_ring_entry *e = &ring->entries[ring->ent_tail & HVT_RING_MASK];
            e->op = HVT_RING_NET_WRITE; e->handle = (u32)handle; e->data = (u64)slot; e->len = sizeof f; e->id = ring_ids++;
            __asm__ __volatile__("" ::: "memory");
            ring->ent_tail = ring->ent_tail + 1;
        }
        return 0;
    }
    if (word_is(1, "badptr") && ring) {          /* a ring entry pointing at mem_size: fatal for the tender */
        ring_submit(HVT_RING_NET_WRITE, boot_info->mem_size - 32, 64);
        u64 deadline = monotonic() + 10000000000UL;
        while (monotonic() < deadline) poll(500000000UL, 0);
        puts_str("FAILURE: still running\n");
        return 2;
    }

    u64 replies = 0, idle = 0, all = 0;
    for (int d = 0; d < device_count; d++) all |= 1UL << devices[d].handle;
    while (replies < limit && idle < 30) {
        int any = 0;
        for (int d = 0; d < device_count; d++) {
            select_device(d);
            u64 got = 0;
            int r = net_read(frame, sizeof frame, &got);
            if (r == SOLO5_R_OK) { replies += (u64)handle_frame(frame, got); any = 1; }
            else if (r != SOLO5_R_AGAIN) { puts_str("FAILURE: read error\n"); return 1; }
        }
        if (any) { idle = 0; continue; }
        u64 ready = 0;
        if (poll(1000000000UL, &ready) == 0) idle++;
        else if (ready == 0 || (ready & ~all) != 0) { puts_str("FAILURE: wrong ready set\n"); return 1; }
    }
    if (replies < limit) { puts_str("FAILURE: timed out\n"); return 1; }
    puts_str("replied to "); put_dec(replies); puts_str(" echo requests\nSUCCESS\n");
    return 0;
}
