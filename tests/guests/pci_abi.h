/* The PCI_BASIC extension as a test guest sees it (docs/abi.md): manifest entry, info block, hypercalls. */
#ifndef PCI_ABI_H
#define PCI_ABI_H
#include "kit/hvt.h"

static inline int pci_config(int nr, u64 handle, u32 offset, u32 size, u32 *value)
{
    volatile struct hvt_hc_pci_config a = { .handle = handle, .offset = offset, .size = size, .value = value ? *value : 0, .ret = -1 };
    hypercall(nr, &a);
    if (value) *value = a.value;
    return a.ret;
}

static inline u32 inl(u16 port)
{
    u32 v;
    __asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

#endif
