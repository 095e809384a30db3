#include "support/manifest.inc"
/* hcall.c built with a block and a net device, so hypercalls 4-7 have handlers. */
MFT_BEGIN 2
MFT_BLOCK storage
MFT_NET service0
MFT_END
