/* The ABI1 note (docs/hvt-abi.md §6.2): target hvt (1), ABI version 2. Every image linked with
   -z solo5-abi=hvt carries it. */
#include "hvt_abi.h"

        .section .note.solo5.abi, "a", @note
        .balign 4
        .long 6                 /* namesz: "Solo5\0" */
        .long 16                /* descsz */
        .long 0x31494241        /* "ABI1" */
        .asciz "Solo5"
        .balign 4
        .long 1                 /* abi_target: hvt */
        .long 2                 /* abi_version */
        .long 0
        .long 0

        .section .note.GNU-stack, "", @progbits
