/* CPU exceptions (docs/hvt-abi.md §9.3): an own GDT with the tender's code and data descriptors
   (the tender's at 0x1000 is not mapped for the guest, §2.3, so delivering an exception through it
   would fault) and an IDT for vectors 0-31; a fatal trap is printed like Solo5 and halts with 255
   and the frame as cookie. */
#include "bindings.h"

struct idt_gate {
    uint16_t offset_low, selector;
    uint8_t ist, type_attr;
    uint16_t offset_mid;
    uint32_t offset_high, reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate");

struct trap_frame { uint64_t vector, error_code, rip, cs, rflags, rsp, ss; };
/* The halt cookie of a trap, for core files (docs/hvt-abi.md §8.5). */
struct trap_cookie { uint64_t cr2, error_code, rip, cs, rflags, rsp, ss; };

#define CODE_SELECTOR 0x08
#define DATA_SELECTOR 0x10

/* null, 64-bit code, data: docs/hvt-abi.md §2.3's values, accessed bits set so the CPU never
   writes to the table. */
static uint64_t gdt[3] __attribute__((aligned(16))) = { 0, 0x00AF99000000FFFFULL, 0x00CF93000000FFFFULL };

static void load_gdt(void)
{
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } gdtr = { sizeof gdt - 1, (uint64_t)gdt };
    __asm__ __volatile__(
        "lgdt %0\n\t"
        "mov %1, %%ds\n\t"
        "mov %1, %%es\n\t"
        "mov %1, %%ss\n\t"
        "pushq %2\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:"
        : : "m"(gdtr), "r"((uint64_t)DATA_SELECTOR), "i"(CODE_SELECTOR) : "rax", "memory");
}
#define INTERRUPT_GATE 0x8E     /* present, DPL 0, 64-bit interrupt gate */

extern const uint64_t solo5net_trap_entries[32];
static struct idt_gate idt[32] __attribute__((aligned(16)));
static struct trap_cookie cookie;

void solo5net_cpu_init(void)
{
    load_gdt();
    for (int i = 0; i < 32; i++) {
        uint64_t at = solo5net_trap_entries[i];
        idt[i] = (struct idt_gate){
            .offset_low = (uint16_t)at, .selector = CODE_SELECTOR, .type_attr = INTERRUPT_GATE,
            .offset_mid = (uint16_t)(at >> 16), .offset_high = (uint32_t)(at >> 32),
        };
    }
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } idtr = { sizeof idt - 1, (uint64_t)idt };
    __asm__ __volatile__("lidt %0" : : "m"(idtr));
}

static const char *trap_name(uint64_t vector)
{
    static const char *const names[] = {
        "#DE", "#DB", "#NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#??", "#TS", "#NP",
        "#SS", "#GP", "#PF", "#??", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
    };
    return vector < sizeof names / sizeof names[0] ? names[vector] : "#??";
}

void solo5net_trap(const struct trap_frame *frame) __attribute__((noreturn));
void solo5net_trap(const struct trap_frame *frame)
{
    static int depth;
    if (++depth > 1) solo5net_halt(SOLO5_EXIT_ABORT, NULL);   /* a trap while reporting one */
    uint64_t cr2;
    __asm__ __volatile__("mov %%cr2, %0" : "=r"(cr2));
    char line[192], *at = line, *end = line + sizeof line;
    at = solo5net_fmt_str(at, end, "Solo5: trap: type=");
    at = solo5net_fmt_str(at, end, trap_name(frame->vector));
    at = solo5net_fmt_str(at, end, " ec=");
    at = solo5net_fmt_hex(at, end, frame->error_code);
    at = solo5net_fmt_str(at, end, " rip=");
    at = solo5net_fmt_hex(at, end, frame->rip);
    at = solo5net_fmt_str(at, end, " rsp=");
    at = solo5net_fmt_hex(at, end, frame->rsp);
    at = solo5net_fmt_str(at, end, " rflags=");
    at = solo5net_fmt_hex(at, end, frame->rflags);
    at = solo5net_fmt_str(at, end, "\n");
    if (frame->vector == 14) {
        at = solo5net_fmt_str(at, end, "Solo5: trap: cr2=");
        at = solo5net_fmt_hex(at, end, cr2);
        at = solo5net_fmt_str(at, end, "\n");
    }
    at = solo5net_fmt_str(at, end, "Solo5: ABORT: Fatal trap\n");
    solo5net_write_buffer(line, at);
    cookie = (struct trap_cookie){ cr2, frame->error_code, frame->rip, frame->cs, frame->rflags,
                                   frame->rsp, frame->ss };
    solo5net_halt(SOLO5_EXIT_ABORT, &cookie);
}
