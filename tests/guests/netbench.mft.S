#include "kit/notes.inc"
MFT_BEGIN 1
MFT_NET service0
MFT_END
