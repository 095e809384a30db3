#include "support/manifest.inc"
/* One PCI_BASIC entry "edu0": match vendor 0x1234 device 0x11e8, any class; needs 64 KiB of DMA memory. */
MFT_BEGIN 1
MFT_PCI edu0, 0x1234, 0x11e8, 0xff, 0xff, 0x10000
MFT_END
