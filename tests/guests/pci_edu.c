/* Drives an edu device attached as PCI_BASIC "edu0" through the whole extension: boot info and
 * manifest, config-space hypercalls and their refusals, BAR registers, DMA both ways with byte
 * checks, and an interrupt reported by POLL. Prints one line per step; exit 0 only if all pass. */
#include "support/guest.h"
#include "pci_abi.h"

#define EDU_ID 0x00
#define EDU_LIVENESS 0x04
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE 0x60
#define EDU_IRQ_ACK 0x64
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_BUFFER 0x40000
#define DMA_LEN 256
#define BUSY_TIMEOUT_NS 2000000000UL /* QEMU's edu takes about 100 ms for a DMA */

static volatile u8 *bar0;

static u32 rd32(u32 off) { return *(volatile u32 *)(bar0 + off); }
static void wr32(u32 off, u32 v) { *(volatile u32 *)(bar0 + off) = v; }
static void wr64(u32 off, u64 v) { *(volatile u64 *)(bar0 + off) = v; }
static u64 rd64(u32 off) { return *(volatile u64 *)(bar0 + off); }

static int fail(const char *what)
{
    puts_str("FAIL: ");
    puts_str(what);
    puts_str("\n");
    return 1;
}

static int dma(u64 src, u64 dst, u64 cmd)
{
    wr64(EDU_DMA_SRC, src);
    wr64(EDU_DMA_DST, dst);
    wr64(EDU_DMA_COUNT, DMA_LEN);
    wr64(EDU_DMA_CMD, cmd);
    u64 deadline = monotonic() + BUSY_TIMEOUT_NS;
    for (;;) {
        if ((rd64(EDU_DMA_CMD) & 1) == 0) return 0;
        if (monotonic() >= deadline) return -1;
    }
}

/* "wait": after attaching, sleep in POLL (bounded: 60 s) so a test can inspect and signal the tender. */
static int wait_for_signal(void)
{
    puts_str("waiting\n");
    u64 ready = 0;
    u64 deadline = monotonic() + 60000000000UL;
    while (monotonic() < deadline) poll(1000000000UL, &ready);
    return fail("no signal came");
}

/* "bench": the cost of one trapped BAR read and one config-space hypercall, in ns (200 of each). */
static int bench(u64 handle)
{
    u64 t0 = walltime();
    for (int i = 0; i < 200; i++) (void)rd32(EDU_ID);
    u64 t1 = walltime();
    u32 v = 0;
    for (int i = 0; i < 200; i++) pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, handle, 0, 4, &v);
    u64 t2 = walltime();
    puts_str("bar read ns: ");
    put_dec((t1 - t0) / 200);
    puts_str("\nconfig read ns: ");
    put_dec((t2 - t1) / 200);
    puts_str("\n");
    return 0;
}

/* "reads N": N reads of the ID register, each a trapped access (the instruction counter's MMIO test). */
static int id_reads(u64 n)
{
    for (u64 i = 0; i < n; i++) (void)rd32(EDU_ID);
    return 0;
}

int guest_main(const char *cmdline __attribute__((unused)))
{
    if (!(boot_info->host_features & HVT_FEATURE_PCI)) return fail("host feature bit 1 not set");
    int h = mft_find("edu0", MFT_DEV_PCI_BASIC);
    if (h < 0) return fail("no PCI_BASIC entry edu0");
    struct mft_entry *e = mft_entry(h);
    if (!e->attached || e->b == 0) return fail("edu0 not attached");
    const struct hvt_pci_info *info = (const struct hvt_pci_info *)e->b;
    if (info->version != 1 || info->vendor_id != 0x1234 || info->device_id != 0x11e8)
        return fail("info ids");
    if (!(info->flags & PCI_INFO_IRQ)) return fail("no interrupt wired");
    if (info->dma_base < 0x100000000UL || info->dma_size < 0x10000) return fail("dma window");
    const struct hvt_pci_bar *b0 = &info->bar[0];
    if (!(b0->flags & PCI_BAR_PRESENT) || b0->size != 0x100000 || (b0->flags & PCI_BAR_IO)) return fail("bar0");
    if (b0->base < info->dma_base + info->dma_size) return fail("bar0 below the DMA window");
    bar0 = (volatile u8 *)b0->base;
    puts_str("info ok\n");
    if (word_is(0, "wait")) return wait_for_signal();
    if (word_is(0, "bench")) return bench(h);
    if (word_is(0, "reads")) return id_reads(parse_u64(word(1)));

    u32 v = 0;
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 0, 4, &v) != SOLO5_R_OK || v != 0x11e81234) return fail("config read ids");
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 4, 2, &v) != SOLO5_R_OK || (v & 0x6) != 0x6) return fail("command register");
    u32 bar = 0;
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 0x10, 4, &bar) != SOLO5_R_OK || (bar & ~0xfu) != (u32)b0->base)
        return fail("bar0 register");
    u32 junk = 0x12340000;
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_WRITE, h, 0x10, 4, &junk) != SOLO5_R_EINVAL) return fail("BAR write not refused");
    u32 off = 0;
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_WRITE, h, 4, 2, &off) != SOLO5_R_EINVAL) return fail("memory-space disable not refused");
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 1, 2, &v) != SOLO5_R_EINVAL) return fail("misaligned read not refused");
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 0, 3, &v) != SOLO5_R_EINVAL) return fail("size 3 not refused");
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 4096, 4, &v) != SOLO5_R_EINVAL) return fail("offset 4096 not refused");
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, 0, 0, 4, &v) != SOLO5_R_EINVAL) return fail("handle 0 not refused");
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 0x10, 4, &v) != SOLO5_R_OK || v != bar) return fail("BAR moved");
    puts_str("config ok\n");

    if (rd32(EDU_ID) != 0x010000ed) return fail("edu id");
    wr32(EDU_LIVENESS, 0x12345678);
    if (rd32(EDU_LIVENESS) != ~0x12345678u) return fail("liveness");
    puts_str("registers ok\n");

    volatile u8 *dmamem = (volatile u8 *)info->dma_base;
    for (int i = 0; i < DMA_LEN; i++) { dmamem[i] = (u8)(i * 7 + 3); dmamem[0x1000 + i] = 0; }
    if (dma(info->dma_base, EDU_BUFFER, 1) < 0) return fail("DMA to device did not finish");
    if (dma(EDU_BUFFER, info->dma_base + 0x1000, 1 | 2) < 0) return fail("DMA from device did not finish");
    for (int i = 0; i < DMA_LEN; i++)
        if (dmamem[0x1000 + i] != (u8)(i * 7 + 3)) return fail("DMA bytes differ");
    puts_str("dma ok\n");

    u64 ready = 0;
    if (poll(0, &ready) != 0 || ready != 0) return fail("interrupt reported before any was raised");
    wr32(EDU_IRQ_RAISE, 0x1);
    int n = poll(1000000000UL, &ready);
    if (n != 1 || ready != (1UL << h)) return fail("POLL did not report the interrupt");
    if ((rd32(EDU_IRQ_STATUS) & 1) == 0) return fail("interrupt status");
    wr32(EDU_IRQ_ACK, 0x1);
    if (poll(0, &ready) != 0 || ready != 0) return fail("interrupt reported twice");
    puts_str("interrupt ok\n");

    puts_str("PCI EDU PASS\n");
    return 0;
}
