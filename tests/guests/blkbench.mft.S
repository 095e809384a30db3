#include "kit/notes.inc"
MFT_BEGIN 1
MFT_BLOCK storage
MFT_END
