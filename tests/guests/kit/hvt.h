/* The hvt ABI as a guest sees it (docs/hvt-abi.md §3, §4, §5, §7), for the test guests: abi/c/hvt_abi.h and port I/O. */
#ifndef KIT_HVT_H
#define KIT_HVT_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long i64;
typedef int i32;
typedef unsigned long size_t;

/* Numbers and structs: the project's one definition of the ABI (generated from abi/Solo5Net.Abi). */
#include "hvt_abi.h"

static inline void outl(u16 port, u32 value)
{
    __asm__ __volatile__("outl %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline void hypercall(int nr, volatile void *arg)
{
    outl(HVT_HYPERCALL_PIO_BASE + nr, (u32)(u64)arg);
}

static inline u64 rdtsc(void)
{
    u32 lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((u64)hi << 32) | lo;
}

#endif
