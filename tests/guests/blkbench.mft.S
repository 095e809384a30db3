#include "support/manifest.inc"
MFT_BEGIN 1
MFT_BLOCK storage
MFT_END
