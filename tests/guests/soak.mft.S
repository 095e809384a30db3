#include "support/manifest.inc"
MFT_BEGIN 2
MFT_BLOCK storage
MFT_NET service0
MFT_END
