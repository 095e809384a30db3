/* The smallest useful hvt guest, in assembly, for the benchmark (bench/Hvt.Bench "csharp"): it
   prints what tests/guests-cs/hello prints on success (the test_hello text with the command line
   from boot info, in three PUTS like the C# guest) and halts 0. No bindings, no C runtime: its
   own entry point and ABI1 note (docs/hvt-abi.md §6.2). */
#include "hvt_abi.h"
#define PUTS (HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_PUTS)
#define HALT (HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_HALT)

    .section .text.start, "ax"
    .globl _start
_start:
    lea head(%rip), %rax
    mov $head_len, %ecx
    call puts
    mov 24(%rdi), %rax              /* hvt_boot_info.cmdline */
    xor %ecx, %ecx
1:  cmpb $0, (%rax,%rcx)
    je 2f
    inc %rcx
    jmp 1b
2:  call puts
    lea tail(%rip), %rax
    mov $tail_len, %ecx
    call puts
    lea halt_args(%rip), %rax
    mov $HALT, %dx
    out %eax, (%dx)
    hlt

/* PUTS of RCX bytes at RAX (the guest runs identity-mapped below 4 GiB). */
puts:
    mov %rax, puts_args(%rip)
    mov %rcx, puts_args+8(%rip)
    lea puts_args(%rip), %rax
    mov $PUTS, %dx
    out %eax, (%dx)
    ret

    .section .rodata
head:
    .ascii "\n**** Solo5 standalone test_hello ****\n\nHello, World\nCommand line is: '"
    .set head_len, . - head
tail:
    .ascii "'\nSUCCESS\n"
    .set tail_len, . - tail

    .data
    .balign 8
puts_args: .quad 0, 0               /* struct hc_puts { data, len } */
halt_args: .quad 0, 0               /* struct hc_halt { cookie, exit_status 0 } */

/* ABI1 note: target hvt (1), ABI version 2. */
    .section .note.solo5.abi, "a", @note
    .balign 4
    .long 6
    .long 16
    .long 0x31494241    /* "ABI1" */
    .asciz "Solo5"
    .balign 4
    .long 1
    .long 2
    .long 0
    .long 0
