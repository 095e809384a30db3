/* Entry point: the tender sets RSP = mem_size - 8 and RDI = &hvt_boot_info (docs/hvt-abi.md §2.2). */
    .section .text.start, "ax"
    .globl _start
_start:
    mov %rsp, entry_rsp(%rip)
    mov %rdi, entry_rdi(%rip)
    pushfq
    pop %rax
    mov %rax, entry_rflags(%rip)
    jmp kit_start           /* RSP+8 is already 16-byte aligned, as after a call; never returns */

    .bss
    .balign 8
    .globl entry_rsp, entry_rdi, entry_rflags
entry_rsp: .quad 0
entry_rdi: .quad 0
entry_rflags: .quad 0
