#include "support/manifest.inc"
/* net.c built with two network devices. */
MFT_BEGIN 2
MFT_NET service0
MFT_NET service1
MFT_END
