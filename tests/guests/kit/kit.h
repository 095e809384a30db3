/* A tiny freestanding runtime for the test guests: console, command line, manifest, halt. */
#ifndef KIT_KIT_H
#define KIT_KIT_H
#include "hvt.h"

extern struct hvt_boot_info *boot_info;
/* Captured by _start before anything else runs. */
extern u64 entry_rsp, entry_rdi, entry_rflags;

/* Each guest defines this; its return value becomes the HALT exit status. */
int guest_main(const char *cmdline);

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

/* Manifest lookup as Solo5 bindings do (docs/hvt-abi.md §7.4): index of the named entry of that type, or -1. */
int mft_find(const char *name, u32 type);
struct mft_entry *mft_entry(int index);

u64 walltime(void);
/* POLL: returns ret, stores ready_set. */
int poll(u64 timeout_ns, u64 *ready_set);
void __attribute__((noreturn)) halt(int status, u64 cookie);

#endif
