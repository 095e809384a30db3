/* Declares PCI_BASIC "net0" (an e1000 with >= 10 MiB DMA) for the tender's refusal tests; if it ever
 * runs, it reports what it was given and exits 0. */
#include "support/guest.h"
#include "pci_abi.h"

int guest_main(const char *cmdline)
{
    (void)cmdline;
    int h = mft_find("net0", MFT_DEV_PCI_BASIC);
    puts_str(h > 0 && mft_entry(h)->attached ? "net0 attached\n" : "net0 missing\n");
    return 0;
}
