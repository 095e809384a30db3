#include "kit/notes.inc"
MFT_BEGIN 0
MFT_END
