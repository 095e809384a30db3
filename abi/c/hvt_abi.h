/* The hvt ABI as Solo5Net extends it (docs/abi.md).
 * Generated from abi/Solo5Net.Abi by abi/HeaderGen; do not edit. To regenerate:
 *   dotnet run --project abi/HeaderGen -- abi/c/hvt_abi.h */
#ifndef HVT_ABI_H
#define HVT_ABI_H

/* HvtGuestLayout */
#define HVT_BOOT_INFO_BASE 0x10000
#define HVT_MANIFEST_BASE 0x10038
#define HVT_CMDLINE_SIZE 8192
#define HVT_GUEST_MIN_BASE 0x100000
#define HVT_PCI_WINDOW_BASE 0x100000000

/* HvtHypercall */
#define HVT_HYPERCALL_PIO_BASE 0x500
#define HVT_HYPERCALL_WALLTIME 1
#define HVT_HYPERCALL_PUTS 2
#define HVT_HYPERCALL_POLL 3
#define HVT_HYPERCALL_BLOCK_WRITE 4
#define HVT_HYPERCALL_BLOCK_READ 5
#define HVT_HYPERCALL_NET_WRITE 6
#define HVT_HYPERCALL_NET_READ 7
#define HVT_HYPERCALL_HALT 8
#define HVT_HYPERCALL_PCI_CONFIG_READ 9
#define HVT_HYPERCALL_PCI_CONFIG_WRITE 10
#define HVT_HYPERCALL_MAX 9
#define HVT_HYPERCALL_LIMIT 16

/* HvtMftType */
#define MFT_DEV_BLOCK_BASIC 1
#define MFT_DEV_NET_BASIC 2
#define MFT_DEV_PCI_BASIC 3
#define MFT_RESERVED_FIRST 0x40000000

/* HvtFeatures */
#define HVT_FEATURE_RING_IO 1
#define HVT_FEATURE_PCI 2
#define HVT_FEATURE_PCI_MSIX 4

/* HvtPciBarFlags */
#define PCI_BAR_PRESENT 1
#define PCI_BAR_IO 2
#define PCI_BAR_64BIT 4
#define PCI_BAR_PREFETCHABLE 8
#define PCI_BAR_MAPPED 16
#define PCI_BAR_TRAPPED 32

/* HvtPciInfoFlags */
#define PCI_INFO_VFIO_USER 1
#define PCI_INFO_IRQ 2
#define PCI_INFO_MSIX 4

/* HvtRingOp */
#define HVT_RING_NET_WRITE 1
#define HVT_RING_NET_READ 2

/* Solo5Result */
#define SOLO5_R_OK 0
#define SOLO5_R_AGAIN 1
#define SOLO5_R_EINVAL 2
#define SOLO5_R_EUNSPEC 3

/* HvtBootInfo */
#define HVT_BOOT_INFO_SIZE 56

/* HvtHcBlock */
#define HVT_HC_BLOCK_SIZE 40

/* HvtHcHalt */
#define HVT_HC_HALT_SIZE 16
#define HVT_HC_HALT_COOKIE_MAX 512

/* HvtHcNet */
#define HVT_HC_NET_SIZE 32

/* HvtHcPciConfig */
#define HVT_HC_PCI_CONFIG_SIZE 24

/* HvtHcPoll */
#define HVT_HC_POLL_SIZE 24

/* HvtHcPuts */
#define HVT_HC_PUTS_SIZE 16

/* HvtHcWalltime */
#define HVT_HC_WALLTIME_SIZE 8

/* HvtMftBlockBasic */
#define MFT_BLOCK_BASIC_SIZE 16

/* HvtMftNetBasic */
#define MFT_NET_BASIC_SIZE 16
#define MFT_NET_BASIC_MAC_SIZE 6

/* HvtMftPciBasic */
#define MFT_PCI_BASIC_SIZE 16
#define MFT_PCI_BASIC_ANY_ID 0xffff
#define MFT_PCI_BASIC_ANY_CLASS 0xff
#define MFT_PCI_BASIC_FULL_DMA_BITS 0
#define MFT_PCI_BASIC_MIN_DMA_BITS 24
#define MFT_PCI_BASIC_MAX_DMA_BITS 64

/* HvtMftEntry */
#define MFT_ENTRY_SIZE 104
#define MFT_ENTRY_NAME_SIZE 68
#define MFT_ENTRY_USIZE 16

/* HvtMftHeader */
#define MFT_SIZE 8
#define MFT_CURRENT_VERSION 1
#define MFT_MAX_ENTRIES 64

/* HvtPciBar */
#define HVT_PCI_BAR_SIZE 24

/* HvtPciInfo */
#define HVT_PCI_INFO_SIZE 192
#define HVT_PCI_INFO_CURRENT_VERSION 1
#define HVT_PCI_INFO_BAR_COUNT 6

/* HvtPciIrqStatus */
#define HVT_PCI_IRQ_STATUS_SIZE 256
#define HVT_PCI_IRQ_STATUS_PAGE_SIZE 4096
#define HVT_PCI_IRQ_STATUS_MAX_VECTORS 2048
#define HVT_PCI_IRQ_STATUS_FIRED_WORDS 32

/* HvtRingEntry */
#define HVT_RING_ENTRY_SIZE 32

/* HvtRingCommit */
#define HVT_RING_COMMIT_SIZE 16

/* HvtRing */
#define HVT_RING_SLOTS 1024
#define HVT_RING_MASK 0x3ff
#define HVT_RING_SIZE 49280
#define HVT_RING_KICK_PORT 0x600

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct hvt_boot_info {
    uint64_t mem_size;
    uint64_t kernel_end;
    uint64_t cpu_cycle_freq;
    uint64_t cmdline;
    uint64_t mft;
    uint32_t host_features;
    uint32_t guest_features;
    uint64_t net_ring;
};
_Static_assert(sizeof(struct hvt_boot_info) == 56, "struct hvt_boot_info is 56 bytes");
_Static_assert(offsetof(struct hvt_boot_info, mem_size) == 0, "struct hvt_boot_info.mem_size is at 0");
_Static_assert(offsetof(struct hvt_boot_info, kernel_end) == 8, "struct hvt_boot_info.kernel_end is at 8");
_Static_assert(offsetof(struct hvt_boot_info, cpu_cycle_freq) == 16, "struct hvt_boot_info.cpu_cycle_freq is at 16");
_Static_assert(offsetof(struct hvt_boot_info, cmdline) == 24, "struct hvt_boot_info.cmdline is at 24");
_Static_assert(offsetof(struct hvt_boot_info, mft) == 32, "struct hvt_boot_info.mft is at 32");
_Static_assert(offsetof(struct hvt_boot_info, host_features) == 40, "struct hvt_boot_info.host_features is at 40");
_Static_assert(offsetof(struct hvt_boot_info, guest_features) == 44, "struct hvt_boot_info.guest_features is at 44");
_Static_assert(offsetof(struct hvt_boot_info, net_ring) == 48, "struct hvt_boot_info.net_ring is at 48");

struct hvt_hc_block {
    uint64_t handle;
    uint64_t offset;
    uint64_t data;
    uint64_t len;
    int32_t ret;
    uint8_t pad0[4];
};
_Static_assert(sizeof(struct hvt_hc_block) == 40, "struct hvt_hc_block is 40 bytes");
_Static_assert(offsetof(struct hvt_hc_block, handle) == 0, "struct hvt_hc_block.handle is at 0");
_Static_assert(offsetof(struct hvt_hc_block, offset) == 8, "struct hvt_hc_block.offset is at 8");
_Static_assert(offsetof(struct hvt_hc_block, data) == 16, "struct hvt_hc_block.data is at 16");
_Static_assert(offsetof(struct hvt_hc_block, len) == 24, "struct hvt_hc_block.len is at 24");
_Static_assert(offsetof(struct hvt_hc_block, ret) == 32, "struct hvt_hc_block.ret is at 32");

struct hvt_hc_halt {
    uint64_t cookie;
    int32_t exit_status;
    uint8_t pad0[4];
};
_Static_assert(sizeof(struct hvt_hc_halt) == 16, "struct hvt_hc_halt is 16 bytes");
_Static_assert(offsetof(struct hvt_hc_halt, cookie) == 0, "struct hvt_hc_halt.cookie is at 0");
_Static_assert(offsetof(struct hvt_hc_halt, exit_status) == 8, "struct hvt_hc_halt.exit_status is at 8");

struct hvt_hc_net {
    uint64_t handle;
    uint64_t data;
    uint64_t len;
    int32_t ret;
    uint8_t pad0[4];
};
_Static_assert(sizeof(struct hvt_hc_net) == 32, "struct hvt_hc_net is 32 bytes");
_Static_assert(offsetof(struct hvt_hc_net, handle) == 0, "struct hvt_hc_net.handle is at 0");
_Static_assert(offsetof(struct hvt_hc_net, data) == 8, "struct hvt_hc_net.data is at 8");
_Static_assert(offsetof(struct hvt_hc_net, len) == 16, "struct hvt_hc_net.len is at 16");
_Static_assert(offsetof(struct hvt_hc_net, ret) == 24, "struct hvt_hc_net.ret is at 24");

struct hvt_hc_pci_config {
    uint64_t handle;
    uint32_t offset;
    uint32_t size;
    uint32_t value;
    int32_t ret;
};
_Static_assert(sizeof(struct hvt_hc_pci_config) == 24, "struct hvt_hc_pci_config is 24 bytes");
_Static_assert(offsetof(struct hvt_hc_pci_config, handle) == 0, "struct hvt_hc_pci_config.handle is at 0");
_Static_assert(offsetof(struct hvt_hc_pci_config, offset) == 8, "struct hvt_hc_pci_config.offset is at 8");
_Static_assert(offsetof(struct hvt_hc_pci_config, size) == 12, "struct hvt_hc_pci_config.size is at 12");
_Static_assert(offsetof(struct hvt_hc_pci_config, value) == 16, "struct hvt_hc_pci_config.value is at 16");
_Static_assert(offsetof(struct hvt_hc_pci_config, ret) == 20, "struct hvt_hc_pci_config.ret is at 20");

struct hvt_hc_poll {
    uint64_t timeout_nsecs;
    uint64_t ready_set;
    int32_t ret;
    uint8_t pad0[4];
};
_Static_assert(sizeof(struct hvt_hc_poll) == 24, "struct hvt_hc_poll is 24 bytes");
_Static_assert(offsetof(struct hvt_hc_poll, timeout_nsecs) == 0, "struct hvt_hc_poll.timeout_nsecs is at 0");
_Static_assert(offsetof(struct hvt_hc_poll, ready_set) == 8, "struct hvt_hc_poll.ready_set is at 8");
_Static_assert(offsetof(struct hvt_hc_poll, ret) == 16, "struct hvt_hc_poll.ret is at 16");

struct hvt_hc_puts {
    uint64_t data;
    uint64_t len;
};
_Static_assert(sizeof(struct hvt_hc_puts) == 16, "struct hvt_hc_puts is 16 bytes");
_Static_assert(offsetof(struct hvt_hc_puts, data) == 0, "struct hvt_hc_puts.data is at 0");
_Static_assert(offsetof(struct hvt_hc_puts, len) == 8, "struct hvt_hc_puts.len is at 8");

struct hvt_hc_walltime {
    uint64_t nsecs;
};
_Static_assert(sizeof(struct hvt_hc_walltime) == 8, "struct hvt_hc_walltime is 8 bytes");
_Static_assert(offsetof(struct hvt_hc_walltime, nsecs) == 0, "struct hvt_hc_walltime.nsecs is at 0");

struct mft_block_basic {
    uint64_t capacity;
    uint16_t block_size;
    uint8_t pad0[6];
};
_Static_assert(sizeof(struct mft_block_basic) == 16, "struct mft_block_basic is 16 bytes");
_Static_assert(offsetof(struct mft_block_basic, capacity) == 0, "struct mft_block_basic.capacity is at 0");
_Static_assert(offsetof(struct mft_block_basic, block_size) == 8, "struct mft_block_basic.block_size is at 8");

struct mft_net_basic {
    uint8_t mac[6];
    uint16_t mtu;
    uint8_t pad0[8];
};
_Static_assert(sizeof(struct mft_net_basic) == 16, "struct mft_net_basic is 16 bytes");
_Static_assert(offsetof(struct mft_net_basic, mac) == 0, "struct mft_net_basic.mac is at 0");
_Static_assert(offsetof(struct mft_net_basic, mtu) == 6, "struct mft_net_basic.mtu is at 6");

struct mft_pci_basic {
    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t class_code;
    uint8_t subclass;
    uint8_t dma_bits;
    uint8_t reserved;
    uint64_t dma_min;
};
_Static_assert(sizeof(struct mft_pci_basic) == 16, "struct mft_pci_basic is 16 bytes");
_Static_assert(offsetof(struct mft_pci_basic, vendor_id) == 0, "struct mft_pci_basic.vendor_id is at 0");
_Static_assert(offsetof(struct mft_pci_basic, device_id) == 2, "struct mft_pci_basic.device_id is at 2");
_Static_assert(offsetof(struct mft_pci_basic, class_code) == 4, "struct mft_pci_basic.class_code is at 4");
_Static_assert(offsetof(struct mft_pci_basic, subclass) == 5, "struct mft_pci_basic.subclass is at 5");
_Static_assert(offsetof(struct mft_pci_basic, dma_bits) == 6, "struct mft_pci_basic.dma_bits is at 6");
_Static_assert(offsetof(struct mft_pci_basic, reserved) == 7, "struct mft_pci_basic.reserved is at 7");
_Static_assert(offsetof(struct mft_pci_basic, dma_min) == 8, "struct mft_pci_basic.dma_min is at 8");

struct mft_entry {
    char name[68];
    uint32_t type;
    union {
        struct mft_block_basic block_basic;
        struct mft_net_basic net_basic;
        struct mft_pci_basic pci_basic;
    } u;
    uint64_t b;
    uint8_t attached;
    uint8_t pad0[7];
};
_Static_assert(sizeof(struct mft_entry) == 104, "struct mft_entry is 104 bytes");
_Static_assert(offsetof(struct mft_entry, name) == 0, "struct mft_entry.name is at 0");
_Static_assert(offsetof(struct mft_entry, type) == 68, "struct mft_entry.type is at 68");
_Static_assert(offsetof(struct mft_entry, u.block_basic) == 72, "struct mft_entry.u.block_basic is at 72");
_Static_assert(offsetof(struct mft_entry, u.net_basic) == 72, "struct mft_entry.u.net_basic is at 72");
_Static_assert(offsetof(struct mft_entry, u.pci_basic) == 72, "struct mft_entry.u.pci_basic is at 72");
_Static_assert(offsetof(struct mft_entry, b) == 88, "struct mft_entry.b is at 88");
_Static_assert(offsetof(struct mft_entry, attached) == 96, "struct mft_entry.attached is at 96");

struct mft {
    uint32_t version;
    uint32_t entries;
    struct mft_entry e[];
};
_Static_assert(sizeof(struct mft) == 8, "struct mft is 8 bytes");
_Static_assert(offsetof(struct mft, version) == 0, "struct mft.version is at 0");
_Static_assert(offsetof(struct mft, entries) == 4, "struct mft.entries is at 4");

struct hvt_pci_bar {
    uint64_t base;
    uint64_t size;
    uint32_t flags;
    uint8_t pad0[4];
};
_Static_assert(sizeof(struct hvt_pci_bar) == 24, "struct hvt_pci_bar is 24 bytes");
_Static_assert(offsetof(struct hvt_pci_bar, base) == 0, "struct hvt_pci_bar.base is at 0");
_Static_assert(offsetof(struct hvt_pci_bar, size) == 8, "struct hvt_pci_bar.size is at 8");
_Static_assert(offsetof(struct hvt_pci_bar, flags) == 16, "struct hvt_pci_bar.flags is at 16");

struct hvt_pci_info {
    uint32_t version;
    uint32_t flags;
    uint16_t segment;
    uint8_t bus;
    uint8_t devfn;
    uint16_t vendor_id;
    uint16_t device_id;
    uint16_t subsystem_vendor_id;
    uint16_t subsystem_id;
    uint8_t revision;
    uint8_t prog_if;
    uint8_t subclass;
    uint8_t class_code;
    uint64_t dma_base;
    uint64_t dma_size;
    uint64_t irq_status;
    struct hvt_pci_bar bar[6];
};
_Static_assert(sizeof(struct hvt_pci_info) == 192, "struct hvt_pci_info is 192 bytes");
_Static_assert(offsetof(struct hvt_pci_info, version) == 0, "struct hvt_pci_info.version is at 0");
_Static_assert(offsetof(struct hvt_pci_info, flags) == 4, "struct hvt_pci_info.flags is at 4");
_Static_assert(offsetof(struct hvt_pci_info, segment) == 8, "struct hvt_pci_info.segment is at 8");
_Static_assert(offsetof(struct hvt_pci_info, bus) == 10, "struct hvt_pci_info.bus is at 10");
_Static_assert(offsetof(struct hvt_pci_info, devfn) == 11, "struct hvt_pci_info.devfn is at 11");
_Static_assert(offsetof(struct hvt_pci_info, vendor_id) == 12, "struct hvt_pci_info.vendor_id is at 12");
_Static_assert(offsetof(struct hvt_pci_info, device_id) == 14, "struct hvt_pci_info.device_id is at 14");
_Static_assert(offsetof(struct hvt_pci_info, subsystem_vendor_id) == 16, "struct hvt_pci_info.subsystem_vendor_id is at 16");
_Static_assert(offsetof(struct hvt_pci_info, subsystem_id) == 18, "struct hvt_pci_info.subsystem_id is at 18");
_Static_assert(offsetof(struct hvt_pci_info, revision) == 20, "struct hvt_pci_info.revision is at 20");
_Static_assert(offsetof(struct hvt_pci_info, prog_if) == 21, "struct hvt_pci_info.prog_if is at 21");
_Static_assert(offsetof(struct hvt_pci_info, subclass) == 22, "struct hvt_pci_info.subclass is at 22");
_Static_assert(offsetof(struct hvt_pci_info, class_code) == 23, "struct hvt_pci_info.class_code is at 23");
_Static_assert(offsetof(struct hvt_pci_info, dma_base) == 24, "struct hvt_pci_info.dma_base is at 24");
_Static_assert(offsetof(struct hvt_pci_info, dma_size) == 32, "struct hvt_pci_info.dma_size is at 32");
_Static_assert(offsetof(struct hvt_pci_info, irq_status) == 40, "struct hvt_pci_info.irq_status is at 40");
_Static_assert(offsetof(struct hvt_pci_info, bar) == 48, "struct hvt_pci_info.bar is at 48");

struct hvt_pci_irq_status {
    uint64_t fired[32];
};
_Static_assert(sizeof(struct hvt_pci_irq_status) == 256, "struct hvt_pci_irq_status is 256 bytes");
_Static_assert(offsetof(struct hvt_pci_irq_status, fired) == 0, "struct hvt_pci_irq_status.fired is at 0");

struct hvt_ring_entry {
    uint32_t op;
    uint32_t handle;
    uint64_t data;
    uint32_t len;
    uint32_t id;
    uint8_t pad0[8];
};
_Static_assert(sizeof(struct hvt_ring_entry) == 32, "struct hvt_ring_entry is 32 bytes");
_Static_assert(offsetof(struct hvt_ring_entry, op) == 0, "struct hvt_ring_entry.op is at 0");
_Static_assert(offsetof(struct hvt_ring_entry, handle) == 4, "struct hvt_ring_entry.handle is at 4");
_Static_assert(offsetof(struct hvt_ring_entry, data) == 8, "struct hvt_ring_entry.data is at 8");
_Static_assert(offsetof(struct hvt_ring_entry, len) == 16, "struct hvt_ring_entry.len is at 16");
_Static_assert(offsetof(struct hvt_ring_entry, id) == 20, "struct hvt_ring_entry.id is at 20");

struct hvt_ring_commit {
    uint32_t id;
    int32_t ret;
    uint32_t len;
    uint8_t pad0[4];
};
_Static_assert(sizeof(struct hvt_ring_commit) == 16, "struct hvt_ring_commit is 16 bytes");
_Static_assert(offsetof(struct hvt_ring_commit, id) == 0, "struct hvt_ring_commit.id is at 0");
_Static_assert(offsetof(struct hvt_ring_commit, ret) == 4, "struct hvt_ring_commit.ret is at 4");
_Static_assert(offsetof(struct hvt_ring_commit, len) == 8, "struct hvt_ring_commit.len is at 8");

struct hvt_ring {
    uint32_t ent_tail;
    uint32_t com_head;
    uint8_t pad0[56];
    uint32_t ent_head;
    uint32_t com_tail;
    uint32_t needs_kick;
    uint8_t pad1[52];
    struct hvt_ring_entry entries[1024];
    struct hvt_ring_commit commits[1024];
};
_Static_assert(sizeof(struct hvt_ring) == 49280, "struct hvt_ring is 49280 bytes");
_Static_assert(offsetof(struct hvt_ring, ent_tail) == 0, "struct hvt_ring.ent_tail is at 0");
_Static_assert(offsetof(struct hvt_ring, com_head) == 4, "struct hvt_ring.com_head is at 4");
_Static_assert(offsetof(struct hvt_ring, ent_head) == 64, "struct hvt_ring.ent_head is at 64");
_Static_assert(offsetof(struct hvt_ring, com_tail) == 68, "struct hvt_ring.com_tail is at 68");
_Static_assert(offsetof(struct hvt_ring, needs_kick) == 72, "struct hvt_ring.needs_kick is at 72");
_Static_assert(offsetof(struct hvt_ring, entries) == 128, "struct hvt_ring.entries is at 128");
_Static_assert(offsetof(struct hvt_ring, commits) == 32896, "struct hvt_ring.commits is at 32896");

#endif /* __ASSEMBLER__ */
#endif /* HVT_ABI_H */
