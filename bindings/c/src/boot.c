/* From _start to solo5_app_main and back (docs/hvt-abi.md §9.3): tables, clock, boot options,
   banner, heap, ring, the application, exit. */
#include "bindings.h"

const struct hvt_boot_info *solo5net_boot_info;
struct solo5_hvt_entry_state solo5net_entry;

/* Image boundaries from the linker script (solo5_hvt.lds). */
extern char _stext[], _etext[], _erodata[], _end[];

/* Solo5's minimum: the image plus this much must fit in guest memory. */
#define MINIMUM_FREE_MEMORY (512 * 1024UL)

static uint64_t heap_next, heap_limit;

void *solo5net_heap_take(size_t size, size_t alignment)
{
    uint64_t at = ALIGN_UP(heap_next, alignment);
    if (at < heap_next || at > heap_limit || heap_limit - at < size) return NULL;
    heap_next = at + size;
    return (void *)at;
}

/* Strips leading --solo5:LEVEL words; returns the rest of the command line. */
static const char *apply_boot_options(const char *cmdline)
{
    static const char prefix[] = "--solo5:";
    static const struct { const char *name; enum log_level level; } levels[] = {
        { "quiet", LOG_ERROR }, { "error", LOG_ERROR }, { "warn", LOG_WARN },
        { "info", LOG_INFO }, { "debug", LOG_DEBUG },
    };
    for (;;) {
        size_t n = 0;
        while (prefix[n] && cmdline[n] == prefix[n]) n++;
        if (prefix[n]) return cmdline;
        const char *value = cmdline + n, *end = value;
        while (*end && *end != ' ') end++;
        size_t len = (size_t)(end - value);
        int known = 0;
        for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
            if (solo5net_strlen(levels[i].name) == len && memcmp(levels[i].name, value, len) == 0) {
                solo5net_log_level = levels[i].level;
                known = 1;
            }
        if (!known && solo5net_log_level >= LOG_WARN) {
            char line[128], *at = line, *lim = line + sizeof line;
            at = solo5net_fmt_str(at, lim, "Solo5: unknown option ignored: ");
            for (const char *p = cmdline; p < end && at < lim - 1; p++) *at++ = *p;
            at = solo5net_fmt_str(at, lim, "\n");
            solo5net_write_buffer(line, at);
        }
        cmdline = end;
        while (*cmdline == ' ') cmdline++;
    }
}

static void region(char **at, char *end, const char *name, uint64_t start, uint64_t stop)
{
    *at = solo5net_fmt_str(*at, end, name);
    *at = solo5net_fmt_hex(*at, end, start);
    *at = solo5net_fmt_str(*at, end, " - ");
    *at = solo5net_fmt_hex(*at, end, stop - 1);
    *at = solo5net_fmt_str(*at, end, ")\n");
}

static void banner(uint64_t heap_start, uint64_t mem_size)
{
    if (solo5net_log_level < LOG_INFO) return;
    char text[512], *at = text, *end = text + sizeof text;
    at = solo5net_fmt_str(at, end, "Solo5: Solo5Net C bindings, hvt ABI 2\nSolo5: Memory map: ");
    at = solo5net_fmt_dec(at, end, (int64_t)(mem_size >> 20));
    at = solo5net_fmt_str(at, end, " MB addressable:\nSolo5:   reserved @ (0x0 - 0xfffff)\n");
    region(&at, end, "Solo5:       text @ (", (uint64_t)_stext, (uint64_t)_etext);
    region(&at, end, "Solo5:     rodata @ (", (uint64_t)_etext, (uint64_t)_erodata);
    region(&at, end, "Solo5:       data @ (", (uint64_t)_erodata, (uint64_t)_end);
    at = solo5net_fmt_str(at, end, "Solo5:       heap >= ");
    at = solo5net_fmt_hex(at, end, heap_start);
    at = solo5net_fmt_str(at, end, " < stack < ");
    at = solo5net_fmt_hex(at, end, mem_size);
    at = solo5net_fmt_str(at, end, "\n");
    solo5net_write_buffer(text, at);
}

void solo5net_boot(const struct hvt_boot_info *bi) __attribute__((noreturn));
void solo5net_boot(const struct hvt_boot_info *bi)
{
    solo5net_boot_info = bi;
    solo5net_log_level = (enum log_level)solo5_hvt_log_level_default;
    solo5net_cpu_init();
    solo5net_clock_init(bi->cpu_cycle_freq);
    const char *cmdline = apply_boot_options((const char *)bi->cmdline);

    uint64_t mem_size = bi->mem_size;
    heap_next = ALIGN_UP((uint64_t)_end, PAGE_SIZE);
    heap_limit = mem_size;
    if (heap_next + MINIMUM_FREE_MEMORY > mem_size) {
        solo5net_log(LOG_ERROR, "Solo5: ABORT: Not enough memory\n");
        solo5net_halt(SOLO5_EXIT_ABORT, NULL);
    }
    banner(heap_next, mem_size);
    solo5net_ring_init();

    struct solo5_start_info info = {
        .cmdline = cmdline,
        .heap_start = (uintptr_t)ALIGN_UP(heap_next, PAGE_SIZE),
    };
    info.heap_size = mem_size - info.heap_start;
    solo5_exit(solo5_app_main(&info));
}

const struct hvt_boot_info *solo5_hvt_boot_info(void) { return solo5net_boot_info; }
const struct solo5_hvt_entry_state *solo5_hvt_entry_state(void) { return &solo5net_entry; }
