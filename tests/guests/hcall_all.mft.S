#include "support/manifest.inc"
/* hcall.c built with a block, a net and a PCI device (edu), so hypercalls 4-7, 9 and 10 have
   handlers: the image of the direct hypercall harness (tests/Tender.Tests/Properties). */
MFT_BEGIN 3
MFT_BLOCK storage
MFT_NET service0
MFT_PCI edu0, 0x1234, 0x11e8, 0xff, 0xff, 0x10000
MFT_END
