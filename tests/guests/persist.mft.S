#include "support/manifest.inc"
/* persist.c: a block device it writes and a net device it leaves alone (exit-path tests). */
MFT_BEGIN 2
MFT_BLOCK storage
MFT_NET service0
MFT_END
