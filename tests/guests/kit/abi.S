/* ABI1 note: target hvt (1), ABI version 2. */
    .section .note.solo5.abi, "a", @note
    .balign 4
    .long 6             /* namesz */
    .long 16            /* descsz */
    .long 0x31494241    /* "ABI1" */
    .asciz "Solo5"
    .balign 4
    .long 1             /* abi_target: hvt */
    .long 2             /* abi_version */
    .long 0
    .long 0
