#include "support/manifest.inc"
MFT_BEGIN 1
MFT_NET service0
MFT_END
