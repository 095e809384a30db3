#include "support/manifest.inc"
MFT_BEGIN 2
MFT_ENTRY "mystery", 7
MFT_ENTRY "ignored", 0x50000000
MFT_END
