/* CPU exceptions (docs/hvt-abi.md §9.3): an IDT for vectors 0-31 over the tender's code segment
   (0x08, §2.3); a fatal trap is printed like Solo5 and halts with 255 and the frame as cookie. */
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
#define INTERRUPT_GATE 0x8E     /* present, DPL 0, 64-bit interrupt gate */

extern const uint64_t solo5net_trap_entries[32];
static struct idt_gate idt[32] __attribute__((aligned(16)));
static struct trap_cookie cookie;

void solo5net_cpu_init(void)
{
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
