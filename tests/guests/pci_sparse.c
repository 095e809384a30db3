/* A host device "nic0" whose 16 KiB BAR0 may be mmap'd only in its first and last 4 KiB (sparse mmap):
 * checks the BAR is reported as both mapped and trapped and writes a marker into each part; the test
 * then finds the markers in the device mapping (mapped parts) and in the forwarded writes (the middle).
 * Exit status = the number of the failed check (0 = all passed). */
#include "support/guest.h"
#include "pci_abi.h"

int guest_main(const char *cmdline __attribute__((unused)))
{
    int h = mft_find("nic0", MFT_DEV_PCI_BASIC);
    if (h < 0 || !mft_entry(h)->attached) return 10;
    const struct hvt_pci_info *info = (const struct hvt_pci_info *)mft_entry(h)->b;
    const struct hvt_pci_bar *bar = &info->bar[0];
    u32 both = PCI_BAR_PRESENT | PCI_BAR_MAPPED | PCI_BAR_TRAPPED;
    if (bar->size != 0x4000 || (bar->flags & both) != both) return 11;
    volatile u32 *regs = (volatile u32 *)bar->base;
    regs[0x0000 / 4] = 0x11111111;   /* mapped: straight into device memory */
    regs[0x1004 / 4] = 0x22222222;   /* trapped: forwarded as a region write */
    regs[0x3ffc / 4] = 0x33333333;   /* mapped */
    if (regs[0x0000 / 4] != 0x11111111 || regs[0x1004 / 4] != 0x22222222 || regs[0x3ffc / 4] != 0x33333333) return 12;
    return 0;
}
