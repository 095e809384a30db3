#include "support/manifest.inc"
/* edu0 (PCI, 1234:11e8, 64 KiB of DMA memory) and storage (block), so a non-PCI name exists. */
MFT_BEGIN 2
MFT_PCI edu0, 0x1234, 0x11e8, 0xff, 0xff, 0x10000
MFT_BLOCK storage
MFT_END
