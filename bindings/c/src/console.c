/* solo5_console_write (one PUTS, docs/hvt-abi.md §4.4) and the bindings' own log lines. */
#include "bindings.h"

/* The initial level; an image may define its own to start quieter or louder (docs/c-guide.md). */
__attribute__((weak)) const int solo5_hvt_log_level_default = LOG_INFO;
enum log_level solo5net_log_level;

void solo5_console_write(const char *buf, size_t size)
{
    if (size == 0) return;
    volatile struct hvt_hc_puts puts = { .data = (uint64_t)(uintptr_t)buf, .len = size };
    solo5net_hypercall(HVT_HYPERCALL_PUTS, &puts);
}

void solo5net_write_buffer(const char *start, const char *end)
{
    solo5_console_write(start, (size_t)(end - start));
}

void solo5net_log(enum log_level level, const char *text)
{
    if (solo5net_log_level >= level) solo5_console_write(text, solo5net_strlen(text));
}

char *solo5net_fmt_str(char *at, char *end, const char *text)
{
    while (*text && at < end) *at++ = *text++;
    return at;
}

char *solo5net_fmt_hex(char *at, char *end, uint64_t value)
{
    char digits[16];
    int n = 0;
    do { digits[n++] = "0123456789abcdef"[value & 15]; value >>= 4; } while (value);
    at = solo5net_fmt_str(at, end, "0x");
    while (n > 0 && at < end) *at++ = digits[--n];
    return at;
}

char *solo5net_fmt_dec(char *at, char *end, int64_t value)
{
    char digits[20];
    int n = 0;
    uint64_t v = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    if (value < 0 && at < end) *at++ = '-';
    while (n > 0 && at < end) *at++ = digits[--n];
    return at;
}
