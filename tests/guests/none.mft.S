#include "support/manifest.inc"
MFT_BEGIN 0
MFT_END
