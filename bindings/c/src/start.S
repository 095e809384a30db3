/*
 * Entry point and CPU trap stubs of the C bindings (x86-64, Solo5 hvt ABI 2).
 * At entry (docs/hvt-abi.md §2.2): RDI = &hvt_boot_info, RSP = mem_size - 8, no return address.
 */
        .section .text.start, "ax"
        .globl _start
        .type _start, @function
_start:
        mov     %rsp, solo5net_entry+0(%rip)
        mov     %rdi, solo5net_entry+8(%rip)
        pushfq
        popq    solo5net_entry+16(%rip)
        cld
        xor     %ebp, %ebp
        /* FS base 0: stray thread-local accesses fault on the zero page (docs/hvt-abi.md §9.3). */
        mov     $0xC0000100, %ecx
        xor     %eax, %eax
        xor     %edx, %edx
        wrmsr
        /* Stack-protector canary from the TSC; its second byte is zero so string copies stop. */
        rdtsc
        shl     $32, %rdx
        or      %rdx, %rax
        and     $-0xff01, %rax
        mov     %rax, __stack_chk_guard(%rip)
        and     $-16, %rsp
        call    solo5net_boot           /* never returns */
1:      hlt
        jmp     1b

/* One stub per CPU exception vector 0-31: push a zero error code where the CPU pushes none,
   then the vector, and hand the frame {vector, ec, rip, cs, rflags, rsp, ss} to solo5net_trap. */
        .text
.macro TRAP vector, has_ec=0
        .balign 16
trap_\vector:
        .if \has_ec == 0
        pushq   $0
        .endif
        pushq   $\vector
        jmp     trap_common
.endm

TRAP 0
TRAP 1
TRAP 2
TRAP 3
TRAP 4
TRAP 5
TRAP 6
TRAP 7
TRAP 8, 1
TRAP 9
TRAP 10, 1
TRAP 11, 1
TRAP 12, 1
TRAP 13, 1
TRAP 14, 1
TRAP 15
TRAP 16
TRAP 17, 1
TRAP 18
TRAP 19
TRAP 20
TRAP 21, 1
TRAP 22
TRAP 23
TRAP 24
TRAP 25
TRAP 26
TRAP 27
TRAP 28
TRAP 29, 1
TRAP 30, 1
TRAP 31

trap_common:
        mov     %rsp, %rdi
        and     $-16, %rsp
        call    solo5net_trap           /* never returns */
2:      hlt
        jmp     2b

        .section .rodata
        .balign 8
        .globl solo5net_trap_entries
solo5net_trap_entries:
        .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .quad trap_\v
        .endr

        .section .note.GNU-stack, "", @progbits
