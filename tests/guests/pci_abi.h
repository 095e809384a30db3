/* The PCI_BASIC extension as a test guest sees it (docs/abi.md): manifest entry, info block, hypercalls. */
#ifndef PCI_ABI_H
#define PCI_ABI_H
#include "kit/hvt.h"

#define MFT_PCI_BASIC 3
#define HVT_FEATURE_PCI 0x2
#define HC_PCI_CONFIG_READ 9
#define HC_PCI_CONFIG_WRITE 10

#define PCI_INFO_VFIO_USER 0x1
#define PCI_INFO_IRQ 0x2
#define PCI_BAR_PRESENT 0x1
#define PCI_BAR_IO 0x2
#define PCI_BAR_MAPPED 0x10
#define PCI_BAR_TRAPPED 0x20

struct pci_match { u16 vendor_id, device_id; u8 class_code, subclass; u16 reserved; u64 dma_min; };

struct hvt_pci_bar { u64 base, size; u32 flags, reserved; };
struct hvt_pci_info {
    u32 version, flags;
    u16 segment; u8 bus, devfn;
    u16 vendor_id, device_id, subsystem_vendor_id, subsystem_id;
    u8 revision, prog_if, subclass, class_code;
    u64 dma_base, dma_size, reserved;
    struct hvt_pci_bar bar[6];
};
_Static_assert(sizeof(struct hvt_pci_info) == 192, "hvt_pci_info is 192 bytes");

struct hc_pci_config { u64 handle; u32 offset, size, value; i32 ret; };
_Static_assert(sizeof(struct hc_pci_config) == 24, "hvt_hc_pci_config is 24 bytes");

static inline int pci_config(int nr, u64 handle, u32 offset, u32 size, u32 *value)
{
    volatile struct hc_pci_config a = { handle, offset, size, value ? *value : 0, -1 };
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
