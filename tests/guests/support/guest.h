/* Test helpers for the test unikernels, on top of the C bindings (bindings/c): the bindings start
   the guest, provide the console, exit, clocks and devices; these helpers add what a test of the
   tender needs beyond solo5.h: raw hypercalls and port I/O (to send what the bindings would
   refuse), the boot info and manifest, command-line words and number printing. */
#ifndef TEST_GUEST_H
#define TEST_GUEST_H

#include "solo5.h"
#include "solo5_hvt.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t i64;
typedef int32_t i32;

/* Each guest defines this; its return value is the exit status (solo5_exit). */
int guest_main(const char *cmdline);

/* What the tender handed over (docs/hvt-abi.md §2.2, §3). */
extern const struct hvt_boot_info *boot_info;
#define entry_rsp (solo5_hvt_entry_state()->rsp)
#define entry_rdi (solo5_hvt_entry_state()->rdi)
#define entry_rflags (solo5_hvt_entry_state()->rflags)

static inline void outl(u16 port, u32 value)
{
    __asm__ __volatile__("outl %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline u32 inl(u16 port)
{
    u32 v;
    __asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

/* A raw hypercall (docs/hvt-abi.md §4.1): OUT to 0x500 + nr with the argument's address. */
static inline void hypercall(int nr, volatile void *arg)
{
    outl((u16)(HVT_HYPERCALL_PIO_BASE + nr), (u32)(u64)arg);
}

static inline u64 rdtsc(void)
{
    u32 lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((u64)hi << 32) | lo;
}

/* Provided by the bindings (weak, as a C library would). */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

void write_bytes(const void *data, size_t len);
void puts_str(const char *s);
void put_dec(u64 v);
void put_hex(u64 v);

/* Command line: whitespace-separated words; word(i) copies word i into a static buffer ("" if none). */
const char *word(int index);
int word_is(int index, const char *s);
u64 parse_u64(const char *s); /* decimal, or hex with 0x prefix; 0 on junk */

/* Manifest lookup as the bindings do (docs/hvt-abi.md §7.4): index of the named entry of that type, or -1. */
int mft_find(const char *name, u32 type);
struct mft_entry *mft_entry(int index);

/* WALLTIME through the bindings (solo5_clock_wall: one hypercall). */
u64 walltime(void);
/* The monotonic clock through the bindings (solo5_clock_monotonic), in ns: what waits are bounded by. */
u64 monotonic(void);
/* A raw POLL with a relative timeout: returns ret, stores ready_set. */
int poll(u64 timeout_ns, u64 *ready_set);
/* A raw HALT with a cookie (solo5_exit passes none). */
void __attribute__((noreturn)) halt(int status, u64 cookie);
/* Loads an empty IDT: from here on a CPU exception is a triple fault, not the bindings' trap report. */
void drop_idt(void);

#endif
