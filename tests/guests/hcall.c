/* Hypercall and port scenarios, chosen by the first command-line word. Each scenario either
   ends with a HALT the test expects or does something the tender must refuse. The guest drops
   the bindings' IDT first, so a CPU exception is the tender's to report (a triple fault). */
#include "support/guest.h"

extern char _stext[];
static const char rodata_word[8] __attribute__((used)) = "rodata!";

static void outw(u16 port, u16 v) { __asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port)); }
static void outb(u16 port, u8 v) { __asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port)); }
/* Stores through an address the compiler cannot see, so it emits exactly one write. */
static void poke(u64 address, u8 value)
{
    __asm__ __volatile__("movb %1, (%0)" : : "r"(address), "r"(value) : "memory");
}

/* "raw NR ARG W0..W4": hypercall NR with EAX = ARG, where ARG "s" means a static struct holding
   the words W0..W4. Used by the property test: whatever the values, the tender must not crash. */
static u64 raw_words[5];
static int raw(void)
{
    u64 nr = parse_u64(word(1));
    u64 arg = word_is(2, "s") ? (u64)raw_words : parse_u64(word(2));
    for (int i = 0; i < 5; i++) raw_words[i] = parse_u64(word(3 + i));
    if (nr > 0xff) return 3;
    outl((u16)(HVT_HYPERCALL_PIO_BASE + nr), (u32)arg);
    puts_str("returned\n");
    return 0;
}

int guest_main(const char *cmdline)
{
    (void)cmdline;
    drop_idt();
    u64 top = boot_info->mem_size;
    volatile struct hvt_hc_walltime w = { 0 };

    if (word_is(0, "walltime")) {
        hypercall(HVT_HYPERCALL_WALLTIME, &w);
        put_dec(w.nsecs);
        puts_str("\n");
        return 0;
    }
    if (word_is(0, "puts-last-byte")) {          /* ends one byte below mem_size: allowed */
        *(volatile u8 *)(top - 2) = 'Z';
        volatile struct hvt_hc_puts p = { top - 2, 1 };
        hypercall(HVT_HYPERCALL_PUTS, &p);
        return 0;
    }
    if (word_is(0, "puts-end-at-mem")) {         /* ends exactly at mem_size: refused */
        volatile struct hvt_hc_puts p = { top - 1, 1 };
        hypercall(HVT_HYPERCALL_PUTS, &p);
        return 0;
    }
    if (word_is(0, "puts-beyond")) {
        volatile struct hvt_hc_puts p = { top + 0x1000, 4 };
        hypercall(HVT_HYPERCALL_PUTS, &p);
        return 0;
    }
    if (word_is(0, "puts-overflow")) {           /* ptr + len wraps around 2^64 */
        volatile struct hvt_hc_puts p = { 0x100000, 0xfffffffffffff000UL };
        hypercall(HVT_HYPERCALL_PUTS, &p);
        return 0;
    }
    if (word_is(0, "puts-zero-page")) {          /* GPA 0 has no lower bound in the check */
        volatile struct hvt_hc_puts p = { 0, 4 };
        hypercall(HVT_HYPERCALL_PUTS, &p);
        return 0;
    }
    if (word_is(0, "struct-beyond")) {           /* the argument struct itself outside RAM */
        outl(HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_WALLTIME, (u32)(top + 0x100));
        return 0;
    }
    if (word_is(0, "struct-at-end")) {           /* WALLTIME struct [top-8, top): refused */
        outl(HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_WALLTIME, (u32)(top - 8));
        return 0;
    }
    if (word_is(0, "poll-bad")) {
        outl(HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_POLL, 0xfffffff0u);
        return 0;
    }
    if (word_is(0, "poll-zero")) {               /* timeout 0 still returns (timer forced to 1 ns) */
        u64 set = 99;
        int ret = poll(0, &set);
        puts_str("poll ret="); put_dec((u64)ret); puts_str(" set="); put_dec(set); puts_str("\n");
        return 0;
    }
    if (word_is(0, "poll-wait")) {              /* waits (bounded) until some device is ready */
        puts_str("polling\n");
        u64 set = 0;
        int ret = 0;
        u64 deadline = monotonic() + 30000000000UL;
        while (ret == 0 && monotonic() < deadline) ret = poll(1000000000UL, &set);
        puts_str("poll ret="); put_dec((u64)ret); puts_str(" set="); put_dec(set); puts_str("\n");
        return 0;
    }
    if (word_is(0, "nr")) {                      /* hypercall NR with a zeroed 64-byte struct */
        static u64 zero[8];
        hypercall((int)parse_u64(word(1)), zero);
        puts_str("returned\n");
        return 0;
    }
    if (word_is(0, "port")) {
        outl((u16)parse_u64(word(1)), (u32)(u64)&w);
        puts_str("returned\n");
        return 0;
    }
    if (word_is(0, "in")) { (void)inl(HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_WALLTIME); return 0; }
    if (word_is(0, "outw")) { outw(HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_WALLTIME, 0); return 0; }
    if (word_is(0, "outb")) { outb(HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_WALLTIME, 0); return 0; }
    if (word_is(0, "halt")) {
        u64 status = parse_u64(word(1));
        if (word_is(1, "-1")) status = (u64)-1;
        halt((int)status, 0);
    }
    if (word_is(0, "halt-cookie")) {             /* cookie of 512 bytes at the given GPA */
        halt(7, parse_u64(word(1)));
    }
    if (word_is(0, "halt-cookie-end")) {         /* cookie [top-512, top): refused */
        halt(7, top - 512);
    }
    if (word_is(0, "zeropage")) { poke(8, 1); return 0; }
    if (word_is(0, "bootinfo-write")) { poke(0x10000, 1); return 0; }
    if (word_is(0, "unmapped")) { poke(0x400000000UL, 1); return 0; }
    if (word_is(0, "text")) { poke((u64)_stext, 0x90); return 0; }
    if (word_is(0, "rodata")) { poke((u64)rodata_word, 'R'); return 0; }
    if (word_is(0, "hlt")) { __asm__ __volatile__("hlt"); return 0; }
    if (word_is(0, "spin")) {                    /* waits (bounded) for a signal to the tender */
        puts_str("spinning\n");
        u64 deadline = monotonic() + 60000000000UL;
        while (monotonic() < deadline) poll(100000000UL, 0);
        return 2;
    }
    if (word_is(0, "raw")) return raw();
    puts_str("unknown scenario\n");
    return 3;
}
