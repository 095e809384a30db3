#include "support/manifest.inc"
/* edu0 (PCI, 1234:11e8) with 64 KiB of DMA memory, for the --dumpcore test of tests/Pci.Tests. */
MFT_BEGIN 1
MFT_PCI edu0, 0x1234, 0x11e8, 0xff, 0xff, 0x10000
MFT_END
