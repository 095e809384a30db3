/* The hvt ABI as a guest sees it (docs/hvt-abi.md §3, §4, §5, §7), for the test guests. */
#ifndef KIT_HVT_H
#define KIT_HVT_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long i64;
typedef int i32;
typedef unsigned long size_t;

#define HVT_HYPERCALL_PIO_BASE 0x500
enum {
    HC_WALLTIME = 1, HC_PUTS = 2, HC_POLL = 3, HC_BLOCK_WRITE = 4, HC_BLOCK_READ = 5,
    HC_NET_WRITE = 6, HC_NET_READ = 7, HC_HALT = 8,
};
enum { R_OK = 0, R_AGAIN = 1, R_EINVAL = 2, R_EUNSPEC = 3 };

struct hvt_boot_info {
    u64 mem_size, kernel_end, cpu_cycle_freq, cmdline, mft;
    u32 host_features, guest_features;
    u64 net_ring;
};

struct hc_walltime { u64 nsecs; };
struct hc_puts { u64 data; u64 len; };
struct hc_poll { u64 timeout_nsecs; u64 ready_set; i32 ret; u32 pad; };
struct hc_block { u64 handle; u64 offset; u64 data; u64 len; i32 ret; u32 pad; };
struct hc_net { u64 handle; u64 data; u64 len; i32 ret; u32 pad; };
struct hc_halt { u64 cookie; i32 exit_status; u32 pad; };

#define MFT_BLOCK_BASIC 1
#define MFT_NET_BASIC 2
struct mft_entry {
    char name[68];
    u32 type;
    union {
        struct { u64 capacity; u16 block_size; } block;
        struct { u8 mac[6]; u16 mtu; } net;
        u8 raw[16];
    } u;
    u64 b;
    u8 attached;
    u8 pad[7];
};
struct mft { u32 version; u32 entries; struct mft_entry e[]; };

/* Ring I/O (docs/hvt-abi.md §5.2). */
#define RING_SIZE 1024
#define RING_MASK 1023
#define RING_NET_WRITE 1
#define RING_NET_READ 2
#define RING_KICK_PORT 0x600
struct ring_entry { u32 op; u32 handle; u64 data; u32 len; u32 id; u64 reserved; };
struct ring_commit { u32 id; i32 ret; u32 len; u32 reserved; };
struct hvt_ring {
    volatile u32 ent_tail, com_head; u8 pad0[56];
    volatile u32 ent_head, com_tail, needs_kick; u8 pad1[52];
    struct ring_entry entries[RING_SIZE];
    struct ring_commit commits[RING_SIZE];
};

static inline void outl(u16 port, u32 value)
{
    __asm__ __volatile__("outl %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline void hypercall(int nr, volatile void *arg)
{
    outl(HVT_HYPERCALL_PIO_BASE + nr, (u32)(u64)arg);
}

static inline u64 rdtsc(void)
{
    u32 lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((u64)hi << 32) | lo;
}

#endif
