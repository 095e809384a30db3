#include "support/manifest.inc"
/* One PCI_BASIC entry "nic0": an e1000 (0x8086:0x100e, class 0x02) with at least 64 KiB of DMA memory. */
MFT_BEGIN 1
MFT_PCI nic0, 0x8086, 0x100e, 0x02, 0xff, 0x10000
MFT_END
