/* Internal interface between the files of the C bindings; the public API is include/solo5/. */
#ifndef SOLO5NET_BINDINGS_H
#define SOLO5NET_BINDINGS_H

#include "solo5.h"
/* solo5.h's enumerators, captured before hvt_abi.h defines the same names as macros. */
enum { API_R_OK = SOLO5_R_OK, API_R_AGAIN = SOLO5_R_AGAIN, API_R_EINVAL = SOLO5_R_EINVAL, API_R_EUNSPEC = SOLO5_R_EUNSPEC };
#include "solo5_hvt.h"

/* The one ABI definition (abi/c/hvt_abi.h, docs/abi.md §6) and solo5.h agree on the result codes. */
_Static_assert(API_R_OK == SOLO5_R_OK && API_R_AGAIN == SOLO5_R_AGAIN && API_R_EINVAL == SOLO5_R_EINVAL
               && API_R_EUNSPEC == SOLO5_R_EUNSPEC, "solo5_result_t values");

#define PAGE_SIZE 0x1000UL
#define ALIGN_UP(v, a) (((v) + (a) - 1) & ~((uint64_t)(a) - 1))

/* Log levels of the --solo5:LEVEL boot option (docs/hvt-abi.md §9.3). */
enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };
extern enum log_level solo5net_log_level;
extern const int solo5_hvt_log_level_default;
/* Writes a NUL-terminated string to the console if `level` is enabled. */
void solo5net_log(enum log_level level, const char *text);
/* Small formatting into a caller's buffer: each appends and returns the new end. */
char *solo5net_fmt_str(char *at, char *end, const char *text);
char *solo5net_fmt_hex(char *at, char *end, uint64_t value);
char *solo5net_fmt_dec(char *at, char *end, int64_t value);
void solo5net_write_buffer(const char *start, const char *end);

/* Boot info, set once by solo5net_boot. */
extern const struct hvt_boot_info *solo5net_boot_info;

/* host_features of the tender that wrote `bi`, or 0 when its boot info has no such field: a tender
   with the 40-byte boot info (Solo5 0.8-0.10) places the manifest right after it, below
   HVT_MANIFEST_BASE, and what lies at offset 40 is then the manifest's first bytes (docs/hvt-abi.md §3). */
static inline uint32_t solo5net_host_features_of(const struct hvt_boot_info *bi)
{
    return bi->mft >= HVT_MANIFEST_BASE ? bi->host_features : 0;
}
extern struct solo5_hvt_entry_state solo5net_entry;

/* hypercall.c / start.S */
static inline void solo5net_hypercall(int nr, volatile void *arg)
{
    __asm__ __volatile__("outl %0, %1"
                         : : "a"((uint32_t)(uintptr_t)arg), "Nd"((uint16_t)(HVT_HYPERCALL_PIO_BASE + nr))
                         : "memory");
}
void solo5net_halt(int status, void *cookie) __attribute__((noreturn));

/* manifest.c (docs/hvt-abi.md §7.4) */
struct mft_entry *solo5net_mft_find(const char *name, uint32_t type, solo5_handle_t *handle);
struct mft_entry *solo5net_mft_get(solo5_handle_t handle, uint32_t type);

/* clock.c */
void solo5net_clock_init(uint64_t cpu_cycle_freq);
/* cpu.c */
void solo5net_cpu_init(void);
/* net_ring.c (docs/hvt-abi.md §5) */
int solo5net_ring_active(void);
void solo5net_ring_init(void);
solo5_result_t solo5net_ring_write(solo5_handle_t handle, const uint8_t *buf, size_t size);
solo5_result_t solo5net_ring_read(solo5_handle_t handle, uint8_t *buf, size_t size, size_t *read_size);
/* heap.c: the bindings' own allocations (ring buffers) come off the start of the heap. */
void *solo5net_heap_take(size_t size, size_t alignment);

/* lib.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t solo5net_strlen(const char *s);

static inline uint64_t solo5net_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void solo5net_cpu_relax(void) { __asm__ __volatile__("pause" ::: "memory"); }

#endif
