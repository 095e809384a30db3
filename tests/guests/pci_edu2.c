/* Two edu devices, edu0 and edu1: each has its own handle, info block and windows; a device can DMA
 * into the other device's window (every window is mapped for every device: zero-copy forwarding);
 * an interrupt is reported under the raising device's handle only. */
#include "support/guest.h"
#include "pci_abi.h"

#define DMA_LEN 128
#define BUSY_TIMEOUT_NS 2000000000UL /* QEMU's edu takes about 100 ms for a DMA */

static int fail(const char *what)
{
    puts_str("FAIL: ");
    puts_str(what);
    puts_str("\n");
    return 1;
}

static const struct hvt_pci_info *info_of(int h)
{
    struct mft_entry *e = mft_entry(h);
    return e->attached ? (const struct hvt_pci_info *)e->b : 0;
}

static volatile u8 *bar0(const struct hvt_pci_info *info) { return (volatile u8 *)info->bar[0].base; }

static int dma(volatile u8 *regs, u64 src, u64 dst, u64 cmd)
{
    *(volatile u64 *)(regs + 0x80) = src;
    *(volatile u64 *)(regs + 0x88) = dst;
    *(volatile u64 *)(regs + 0x90) = DMA_LEN;
    *(volatile u64 *)(regs + 0x98) = cmd;
    u64 deadline = monotonic() + BUSY_TIMEOUT_NS;
    for (;;) {
        if ((*(volatile u64 *)(regs + 0x98) & 1) == 0) return 0;
        if (monotonic() >= deadline) return -1;
    }
}

int guest_main(const char *cmdline __attribute__((unused)))
{
    int h0 = mft_find("edu0", MFT_DEV_PCI_BASIC), h1 = mft_find("edu1", MFT_DEV_PCI_BASIC);
    if (h0 < 0 || h1 < 0 || h0 == h1) return fail("handles");
    const struct hvt_pci_info *i0 = info_of(h0), *i1 = info_of(h1);
    if (!i0 || !i1 || i0 == i1) return fail("info blocks");
    if (i1->dma_base < i0->bar[0].base + i0->bar[0].size) return fail("windows are not in manifest order");
    if (i0->dma_size != 0x10000 || i1->dma_size != 0x1000) return fail("dma sizes");
    puts_str("two devices ok\n");

    volatile u8 *w0 = (volatile u8 *)i0->dma_base;
    for (int i = 0; i < DMA_LEN; i++) { w0[i] = (u8)(0xA5 ^ i); w0[0x2000 + i] = 0; }
    /* edu1 reads edu0's window and writes it back into edu0's window. */
    if (dma(bar0(i1), i0->dma_base, 0x40000, 1) < 0) return fail("edu1 DMA from edu0's window");
    if (dma(bar0(i1), 0x40000, i0->dma_base + 0x2000, 3) < 0) return fail("edu1 DMA into edu0's window");
    for (int i = 0; i < DMA_LEN; i++)
        if (w0[0x2000 + i] != (u8)(0xA5 ^ i)) return fail("cross-device DMA bytes differ");
    puts_str("cross-device dma ok\n");

    u64 ready = 0;
    *(volatile u32 *)(bar0(i1) + 0x60) = 0x4;
    if (poll(1000000000UL, &ready) != 1 || ready != (1UL << h1)) return fail("interrupt not under edu1's handle");
    *(volatile u32 *)(bar0(i1) + 0x64) = 0x4;
    puts_str("interrupt by handle ok\n");
    puts_str("PCI EDU2 PASS\n");
    return 0;
}
