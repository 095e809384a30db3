/* Checks what the tender tells a guest about a host (VFIO) device "nic0" at 0000:00:05.0 and that
 * trapped MMIO and I/O BAR accesses reach the device and its interrupt reaches POLL. Exit status = the number of the failed check
 * (0 = all passed), so a test can run it without reading its console. */
#include "support/guest.h"
#include "pci_abi.h"

int guest_main(const char *cmdline __attribute__((unused)))
{
    if (!(boot_info->host_features & HVT_FEATURE_PCI)) return 10;
    int h = mft_find("nic0", MFT_DEV_PCI_BASIC);
    if (h < 0 || !mft_entry(h)->attached) return 11;
    const struct hvt_pci_info *info = (const struct hvt_pci_info *)mft_entry(h)->b;
    if (info->version != 1 || info->vendor_id != 0x8086 || info->device_id != 0x100e || info->class_code != 0x02) return 12;
    if ((info->flags & PCI_INFO_VFIO_USER) || !(info->flags & PCI_INFO_IRQ)) return 13;
    if (info->segment != 0 || info->bus != 0 || info->devfn != (5 << 3)) return 14;
    const struct hvt_pci_bar *mem = &info->bar[0], *io = &info->bar[2];
    if (mem->size != 0x20000 || (mem->flags & (PCI_BAR_PRESENT | PCI_BAR_TRAPPED | PCI_BAR_IO)) != (PCI_BAR_PRESENT | PCI_BAR_TRAPPED)) return 15;
    if (io->size != 0x40 || io->base != 0xC000 || (io->flags & (PCI_BAR_PRESENT | PCI_BAR_IO)) != (PCI_BAR_PRESENT | PCI_BAR_IO)) return 16;
    if (info->bar[1].flags != 0 || info->dma_size != 0x10000 || info->dma_base != 0x100000000UL) return 17;

    u32 v = 0;
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 0, 4, &v) != SOLO5_R_OK || v != 0x100e8086) return 20;
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 0x10, 4, &v) != SOLO5_R_OK || (v & ~0xfu) != (u32)mem->base) return 21;
    if (pci_config(HVT_HYPERCALL_PCI_CONFIG_READ, h, 4, 2, &v) != SOLO5_R_OK || (v & 0x7) != 0x7) return 22;

    volatile u32 *regs = (volatile u32 *)mem->base;
    regs[4] = 0xdeadbeef;
    if (regs[4] != 0xdeadbeef) return 30;
    outl((u16)(io->base + 4), 0x12345678);
    if (inl((u16)(io->base + 4)) != 0x12345678) return 31;

    /* BAR4 is 256 bytes in a 4 KiB window: beyond its end reads are all ones and writes go nowhere. */
    const struct hvt_pci_bar *small = &info->bar[4];
    if (small->size != 0x100 || !(small->flags & PCI_BAR_TRAPPED)) return 32;
    volatile u32 *tail = (volatile u32 *)(small->base + 0x800);
    *tail = 0x5555aaaa;
    if (*tail != 0xffffffff) return 33;
    ((volatile u32 *)small->base)[0x10 / 4] = 0x0badcafe;
    if (((volatile u32 *)small->base)[0x10 / 4] != 0x0badcafe) return 34;

    volatile u64 *dma = (volatile u64 *)info->dma_base;
    dma[100] = 0x0123456789abcdefUL;
    if (dma[100] != 0x0123456789abcdefUL) return 40;
    /* The test signals the device's interrupt once; it must appear under this handle only. */
    u64 ready = 0;
    u64 deadline = monotonic() + 10000000000UL;
    while (ready == 0 && monotonic() < deadline) poll(500000000UL, &ready);
    if (ready != (1UL << h)) return 50;
    /* Acknowledge at the device, as a driver does, before polling again. */
    ((volatile u32 *)small->base)[0x14 / 4] = 1;
    if (poll(0, &ready) != 0 || ready != 0) return 51;
    puts_str("PCI INFO PASS\n");
    return 0;
}
