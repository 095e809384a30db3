#include "support/manifest.inc"
/* One PCI_BASIC entry "net0" wanting an e1000 (0x8086:0x100e, class 0x02) with at least 10 MiB of DMA memory. */
MFT_BEGIN 1
MFT_PCI net0, 0x8086, 0x100e, 0x02, 0xff, 0xA00000
MFT_END
