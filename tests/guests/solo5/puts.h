/* The one helper every test program has: a NUL-terminated string to the console. */
#ifndef SOLO5_TEST_PUTS_H
#define SOLO5_TEST_PUTS_H
#include "solo5.h"

static inline size_t test_strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static inline void puts(const char *s) { solo5_console_write(s, test_strlen(s)); }

static inline void put_dec(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = 0;
    do { buf[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    puts(buf + i);
}
#endif
