#include "support/manifest.inc"
/* Two PCI_BASIC entries: edu0 (64 KiB DMA) and edu1 (4 KiB DMA, any device id). */
MFT_BEGIN 2
MFT_PCI edu0, 0x1234, 0x11e8, 0xff, 0xff, 0x10000
MFT_PCI edu1, 0x1234, 0xffff, 0xff, 0xff, 0x1000
MFT_END
