#include "guest.h"

const struct hvt_boot_info *boot_info;
static const char *cmdline;

/* The tender tests compare the guests' whole output: the bindings log at error level only. */
const int solo5_hvt_log_level_default = 0;

int solo5_app_main(const struct solo5_start_info *info)
{
    boot_info = solo5_hvt_boot_info();
    cmdline = info->cmdline;
    return guest_main(cmdline);
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) { a++; b++; }
    return (u8)*a - (u8)*b;
}

void write_bytes(const void *data, size_t len) { solo5_console_write(data, len); }

void puts_str(const char *s) { write_bytes(s, strlen(s)); }

void put_dec(u64 v)
{
    char buf[21]; int i = 20;
    buf[i] = 0;
    do { buf[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    puts_str(buf + i);
}

void put_hex(u64 v)
{
    char buf[19]; int i = 18;
    buf[i] = 0;
    do { buf[--i] = "0123456789abcdef"[v & 15]; v >>= 4; } while (v);
    buf[--i] = 'x'; buf[--i] = '0';
    puts_str(buf + i);
}

static char word_buf[128];

const char *word(int index)
{
    const char *p = cmdline;
    for (;;) {
        while (*p == ' ') p++;
        if (!*p) { word_buf[0] = 0; return word_buf; }
        const char *start = p;
        while (*p && *p != ' ') p++;
        if (index-- == 0) {
            size_t n = (size_t)(p - start);
            if (n >= sizeof word_buf) n = sizeof word_buf - 1;
            memcpy(word_buf, start, n);
            word_buf[n] = 0;
            return word_buf;
        }
    }
}

int word_is(int index, const char *s) { return strcmp(word(index), s) == 0; }

u64 parse_u64(const char *s)
{
    u64 v = 0;
    if (s[0] == '0' && s[1] == 'x') {
        for (s += 2; *s; s++) {
            int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
            if (d < 0) return 0;
            v = v * 16 + (u64)d;
        }
        return v;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return 0;
        v = v * 10 + (u64)(*s - '0');
    }
    return v;
}

struct mft_entry *mft_entry(int index) { return &((struct mft *)boot_info->mft)->e[index]; }

int mft_find(const char *name, u32 type)
{
    struct mft *m = (struct mft *)boot_info->mft;
    for (u32 i = 0; i < m->entries; i++)
        if (m->e[i].type == type && strcmp(m->e[i].name, name) == 0) return (int)i;
    return -1;
}

u64 walltime(void) { return solo5_clock_wall(); }

u64 monotonic(void) { return solo5_clock_monotonic(); }

int poll(u64 timeout_ns, u64 *ready_set)
{
    volatile struct hvt_hc_poll p = { timeout_ns, 0, 0, {0} };
    hypercall(HVT_HYPERCALL_POLL, &p);
    if (ready_set) *ready_set = p.ready_set;
    return p.ret;
}

void halt(int status, u64 cookie)
{
    volatile struct hvt_hc_halt h = { cookie, status, {0} };
    for (;;) hypercall(HVT_HYPERCALL_HALT, &h);
}

void drop_idt(void)
{
    struct __attribute__((packed)) { u16 limit; u64 base; } idtr = { 0, 0 };
    __asm__ __volatile__("lidt %0" : : "m"(idtr));
}
