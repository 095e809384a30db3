/*
 * PCI devices for Solo5 unikernels on Solo5Net's hvt-tender: the PCI_BASIC extension
 * (docs/abi.md), with the semantics of the C# API (bindings/Solo5.Bindings/Pci/).
 *
 * A device is declared in the manifest as PCI_BASIC and attached by the operator
 * (--pci-dev:NAME=...). solo5_pci_acquire finds it; its memory BARs and its DMA window are plain
 * memory in the guest; configuration space goes through the tender; its interrupt appears as bit
 * `handle` of solo5_yield's ready set, after which the driver reads the device's cause register.
 * On a tender without PCI (host feature bit 1 clear) every call returns SOLO5_R_EINVAL.
 */
#ifndef SOLO5_PCI_H
#define SOLO5_PCI_H

#include "solo5.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SOLO5_PCI_BAR_COUNT 6

/* solo5_pci_bar.flags (docs/abi.md §3) */
#define SOLO5_PCI_BAR_PRESENT      0x01
#define SOLO5_PCI_BAR_IO           0x02  /* I/O space: base is the first port */
#define SOLO5_PCI_BAR_64BIT        0x04
#define SOLO5_PCI_BAR_PREFETCHABLE 0x08
#define SOLO5_PCI_BAR_MAPPED       0x10  /* accesses reach the device without an exit */
#define SOLO5_PCI_BAR_TRAPPED      0x20  /* each access exits to the tender and is forwarded */

/* solo5_pci_info.flags */
#define SOLO5_PCI_INFO_VFIO_USER   0x01  /* served by a vfio-user process */
#define SOLO5_PCI_INFO_IRQ         0x02  /* an interrupt is wired to solo5_yield */
#define SOLO5_PCI_INFO_MSIX        0x04  /* the tender serves the device's MSI-X (docs/abi.md §7) */

/* Common capability ids for solo5_pci_find_capability. */
#define SOLO5_PCI_CAP_MSI  0x05
#define SOLO5_PCI_CAP_MSIX 0x11

struct solo5_pci_bar {
    uint64_t base;          /* guest address of a memory BAR, first port of an I/O BAR */
    uint64_t size;          /* bytes; 0 = not implemented (or the upper half of a 64-bit BAR) */
    uint32_t flags;         /* SOLO5_PCI_BAR_* */
};

struct solo5_pci_info {
    uint32_t flags;         /* SOLO5_PCI_INFO_* */
    uint16_t segment;
    uint8_t bus, device, function;
    uint16_t vendor_id, device_id;
    uint16_t subsystem_vendor_id, subsystem_id;
    uint8_t revision, prog_if, subclass, class_code;
    uint64_t dma_base;      /* guest address = bus address of the DMA window */
    uint64_t dma_size;      /* bytes; 0 = no DMA window */
    struct solo5_pci_bar bar[SOLO5_PCI_BAR_COUNT];
};

/* SOLO5_R_OK and *info filled for the attached PCI_BASIC device `name`; SOLO5_R_EINVAL if the
   tender has no PCI, the name is not a PCI_BASIC entry, or it is not attached. */
solo5_result_t solo5_pci_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_pci_info *info);

/* Configuration space: size 1, 2 or 4, offset a multiple of size, inside the 4 KiB space.
   SOLO5_R_EINVAL for a malformed access or one the tender refuses (BAR registers, clearing
   memory-space enable); SOLO5_R_EUNSPEC when the device refuses it. */
solo5_result_t solo5_pci_config_read(solo5_handle_t handle, uint32_t offset, uint32_t size,
        uint32_t *value);
solo5_result_t solo5_pci_config_write(solo5_handle_t handle, uint32_t offset, uint32_t size,
        uint32_t value);

/* Sets memory-space enable and bus mastering in the command register. */
solo5_result_t solo5_pci_enable_bus_master(solo5_handle_t handle);
/* The offset of capability `id` in the standard list: SOLO5_R_OK, or SOLO5_R_EINVAL if the
   device has none, or the list is malformed. */
solo5_result_t solo5_pci_find_capability(solo5_handle_t handle, uint8_t id, uint32_t *offset);

/* Memory BAR `index` as a pointer (NULL if absent, an I/O BAR, or out of range); *size gets its
   size when size is not NULL. Access it with the solo5_mmio_* helpers below. */
volatile void *solo5_pci_bar(solo5_handle_t handle, unsigned index, uint64_t *size);

/* The DMA window: a bump allocator handing out zeroed, aligned pieces (alignment a power of
   two); NULL if the window is too small. Nothing is ever freed. *bus_address (if not NULL) is
   what the device must be given (the same number as the pointer). */
void *solo5_pci_dma_alloc(solo5_handle_t handle, size_t size, size_t alignment,
        uint64_t *bus_address);

/* MSI-X (docs/abi.md §7): the tender owns the table, so vector v is table entry v and needs no
   address or data. solo5_pci_msix_vectors: how many vectors the tender serves (0 without MSI-X).
   solo5_pci_msix_enable: MSI-X on with vectors 0..vectors-1 unmasked and the rest masked (the
   device then interrupts through MSI-X only); SOLO5_R_EINVAL without MSI-X or for 0 or more
   vectors than served. solo5_pci_msix_disable: off again (MSI or INTx apply). solo5_pci_msix_mask:
   masked != 0 holds the vector pending; unmasking reports it at the next solo5_yield. */
int solo5_pci_msix_vectors(solo5_handle_t handle);
solo5_result_t solo5_pci_msix_enable(solo5_handle_t handle, unsigned vectors);
solo5_result_t solo5_pci_msix_disable(solo5_handle_t handle);
solo5_result_t solo5_pci_msix_mask(solo5_handle_t handle, unsigned vector, int masked);
/* The vectors that fired since the last call, vector v as bit v - 64 * word (word 0: vectors 0-63),
   and clears them; call it after solo5_yield reports the device. 0 without MSI-X. */
uint64_t solo5_pci_msix_fired(solo5_handle_t handle, unsigned word);

/* True (1) when the device's interrupt is in ready_set (from solo5_yield). */
static inline int solo5_pci_interrupted(solo5_handle_t handle, solo5_handle_set_t ready_set)
{
    return handle < 64 && ((ready_set >> handle) & 1) != 0;
}

/* Ordered device register access. */
static inline uint32_t solo5_mmio_read32(volatile void *bar, uint64_t offset)
{
    return *(volatile uint32_t *)((volatile uint8_t *)bar + offset);
}
static inline void solo5_mmio_write32(volatile void *bar, uint64_t offset, uint32_t value)
{
    *(volatile uint32_t *)((volatile uint8_t *)bar + offset) = value;
}
static inline uint64_t solo5_mmio_read64(volatile void *bar, uint64_t offset)
{
    return *(volatile uint64_t *)((volatile uint8_t *)bar + offset);
}
static inline void solo5_mmio_write64(volatile void *bar, uint64_t offset, uint64_t value)
{
    *(volatile uint64_t *)((volatile uint8_t *)bar + offset) = value;
}

/* I/O BAR ports (x86 in/out), forwarded to the device by the tender. */
static inline uint32_t solo5_pio_read32(uint16_t port)
{
    uint32_t v;
    __asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}
static inline void solo5_pio_write32(uint16_t port, uint32_t value)
{
    __asm__ __volatile__("outl %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

#ifdef __cplusplus
}
#endif

#endif /* SOLO5_PCI_H */
