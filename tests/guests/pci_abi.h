/* Raw PCI configuration hypercalls (docs/abi.md §5) for the test guests, to show what the tender itself answers. */
#ifndef PCI_ABI_H
#define PCI_ABI_H
#include "support/guest.h"

static inline int pci_config(int nr, u64 handle, u32 offset, u32 size, u32 *value)
{
    volatile struct hvt_hc_pci_config a = { .handle = handle, .offset = offset, .size = size, .value = value ? *value : 0, .ret = -1 };
    hypercall(nr, &a);
    if (value) *value = a.value;
    return a.ret;
}


#endif
