/*
 * Solo5Net guest start stub (x86-64, Solo5 hvt ABI 2).
 * The only assembly in a C# unikernel: the entry point, the hypercall OUT, port I/O, descriptor-
 * table loads, CPU trap entry points, and a few single-instruction helpers. Everything else is C#.
 */
        .intel_syntax noprefix

        .section .text.solo5net_start, "ax"
        .globl _start
/* RDI = GPA of struct hvt_boot_info; RSP = mem_size - 8; no return address. */
_start:
        cld
        xor     ebp, ebp
        /* IA32_FS_BASE = 0: any stray thread-local access faults on the zero page. */
        mov     ecx, 0xC0000100
        xor     eax, eax
        xor     edx, edx
        wrmsr
        /* Stack-buffer guard value checked by ilc-generated code: from the TSC, byte 1 cleared. */
        rdtsc
        shl     rdx, 32
        or      rax, rdx
        and     rax, -0xff01
        mov     [rip + __security_cookie], rax
        /* RSP = mem_size - 8 at entry: align it for the calls below (SysV ABI). */
        and     rsp, -16
        mov     rbx, rdi
        /* GDT/TSS/IDT first: from here on CPU traps are reported, and the #UD handler below can
         * complete the rewritten SSE zeroing instructions (see patch-zeroing.sh). */
        lea     rdi, [rip + solo5net_trap_entries]
        call    solo5net_cpu_init
        mov     rdi, rbx
        lea     rsi, [rip + __modules_a]
        lea     rdx, [rip + __modules_z]
        lea     rcx, [rip + solo5net_image_layout]
        call    solo5net_start
        jmp     solo5net_halt_forever

/* void solo5net_hypercall(uint port, void *argument): 32-bit OUT, EAX = argument GPA. */
        .text
        .globl solo5net_hypercall
solo5net_hypercall:
        mov     edx, edi
        mov     rax, rsi
        out     dx, eax
        ret

        .globl solo5net_in8, solo5net_in16, solo5net_in32, solo5net_out8, solo5net_out16, solo5net_out32
solo5net_in8:
        mov     edx, edi
        xor     eax, eax
        in      al, dx
        ret
solo5net_in16:
        mov     edx, edi
        xor     eax, eax
        in      ax, dx
        ret
solo5net_in32:
        mov     edx, edi
        in      eax, dx
        ret
solo5net_out8:
        mov     edx, edi
        mov     eax, esi
        out     dx, al
        ret
solo5net_out16:
        mov     edx, edi
        mov     eax, esi
        out     dx, ax
        ret
solo5net_out32:
        mov     edx, edi
        mov     eax, esi
        out     dx, eax
        ret

        .globl solo5net_rdtsc
solo5net_rdtsc:
        rdtsc
        shl     rdx, 32
        or      rax, rdx
        ret

        .globl solo5net_mfence, solo5net_compiler_barrier, solo5net_pause
solo5net_mfence:
        mfence
        ret
solo5net_compiler_barrier:
        ret
solo5net_pause:
        pause
        ret

/* void solo5net_copy(void *dst, const void *src, size_t n) / solo5net_copy_backward(...) /
 * solo5net_fill(void *dst, int value, size_t n): string instructions. The KVM here emulates guest
 * code one instruction at a time (~1 us each); a `rep movsb` moves a whole block in one. */
        .globl solo5net_copy, solo5net_copy_backward, solo5net_fill
solo5net_copy:
        mov     rcx, rdx
        shr     rcx, 3
        rep movsq
        mov     rcx, rdx
        and     rcx, 7
        rep movsb
        ret
solo5net_copy_backward:
        lea     rdi, [rdi + rdx - 1]
        lea     rsi, [rsi + rdx - 1]
        mov     rcx, rdx
        std
        rep movsb
        cld
        ret
solo5net_fill:
        movzx   eax, sil
        mov     r8, 0x0101010101010101
        imul    rax, r8
        mov     rcx, rdx
        shr     rcx, 3
        rep stosq
        mov     rcx, rdx
        and     rcx, 7
        rep stosb
        ret

        .globl solo5net_read_cr2
solo5net_read_cr2:
        mov     rax, cr2
        ret

/* void solo5net_load_descriptor_tables(void *gdtr, void *idtr, ushort tss_selector):
 * loads GDT and IDT, reloads the segment registers (CS by a far return), loads the task register. */
        .globl solo5net_load_descriptor_tables
solo5net_load_descriptor_tables:
        lgdt    [rdi]
        lidt    [rsi]
        mov     ax, 0x10
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     fs, ax
        mov     gs, ax
        ltr     dx
        pop     rax
        push    0x08
        push    rax
        retfq

/* Never returns: if halting through the tender is impossible, stop the vCPU for good. */
        .globl solo5net_halt_forever
solo5net_halt_forever:
        cli
1:      hlt
        jmp     1b

/* CPU exception entry points for vectors 0-31, 16 bytes apart in one 512-byte-aligned block
 * (solo5net_trap_entries + 16 * vector; .org fails the build if a stub outgrows its slot). The
 * block never crosses a 64 KiB boundary, so the C# IDT builder makes each gate from the previous
 * one by adding 16. Each stub pushes a zero error code where the CPU does not push one, then the
 * vector number, and jumps to the common path, which passes a pointer to
 * {vector, error code, rip, cs, rflags, rsp, ss} to the C# handler. The handler never returns. */
        .macro TRAP_NOERR n
        .org    solo5net_trap_entries + 16 * \n
trap_\n:
        push    0
        push    \n
        jmp     trap_common
        .endm
        .macro TRAP_ERR n
        .org    solo5net_trap_entries + 16 * \n
trap_\n:
        push    \n
        jmp     trap_common
        .endm

        .balign 512
        .globl solo5net_trap_entries
solo5net_trap_entries:
        TRAP_NOERR 0
        TRAP_NOERR 1
        TRAP_NOERR 2
        TRAP_NOERR 3
        TRAP_NOERR 4
        TRAP_NOERR 5
        .org    solo5net_trap_entries + 16 * 6
trap_6:
        jmp     trap_ud
        TRAP_NOERR 7
        TRAP_ERR   8
        TRAP_NOERR 9
        TRAP_ERR   10
        TRAP_ERR   11
        TRAP_ERR   12
        TRAP_ERR   13
        TRAP_ERR   14
        TRAP_NOERR 15
        TRAP_NOERR 16
        TRAP_ERR   17
        TRAP_NOERR 18
        TRAP_NOERR 19
        TRAP_NOERR 20
        TRAP_ERR   21
        TRAP_NOERR 22
        TRAP_NOERR 23
        TRAP_NOERR 24
        TRAP_NOERR 25
        TRAP_NOERR 26
        TRAP_NOERR 27
        TRAP_NOERR 28
        TRAP_ERR   29
        TRAP_ERR   30
        TRAP_NOERR 31
        .org    solo5net_trap_entries + 16 * 32

/* #UD: either a zeroing marker written by patch-zeroing.sh (0F 0B E0|N, or 0F 0B F0|N 90), which
 * is completed here by loading zeros into xmmN and resuming after the marker, or a real fault. */
        .balign 16
trap_ud:
        push    rax
        push    rcx
        mov     rax, [rsp + 16]
        cmp     word ptr [rax], 0x0b0f
        jne     2f
        movzx   ecx, byte ptr [rax + 2]
        mov     eax, ecx
        and     eax, 0xF0
        cmp     eax, 0xE0
        je      3f
        cmp     eax, 0xF0
        jne     2f
        add     qword ptr [rsp + 16], 1
3:      add     qword ptr [rsp + 16], 3
        and     ecx, 15
        shl     ecx, 4
        lea     rax, [rip + zero_xmm_table]
        add     rax, rcx
        call    rax
        pop     rcx
        pop     rax
        iretq
2:      pop     rcx
        pop     rax
        push    0
        push    6
        jmp     trap_common

        .balign 16
zero_xmm_table:
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        .balign 16
        movups  xmm\n, [rip + zero16]
        ret
        .endr

trap_common:
        cld                             /* the fault may have hit inside a backward copy */
        mov     rdi, rsp
        and     rsp, -16
        call    solo5net_trap
        jmp     solo5net_halt_forever

        .data
        .balign 8
        .globl __security_cookie
__security_cookie:
        .quad 0x2B992DDFA232

        .section .rodata.solo5net_traps, "a"
        .balign 16
zero16:
        .quad 0, 0
/* Image layout: text, rodata, data starts, end of the image; then the trap entry block. */
        .balign 8
        .globl solo5net_image_layout
solo5net_image_layout:
        .quad __text_start, __rodata_start, __data_start, _end, solo5net_trap_entries

        .section .note.GNU-stack, "", @progbits
