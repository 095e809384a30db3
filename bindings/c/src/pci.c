/* PCI_BASIC devices (docs/abi.md): acquisition from the manifest and the info block (§2, §3),
   configuration space through hypercalls 9 and 10 (§5), BARs and the DMA window as memory (§4).
   Nothing here calls a PCI hypercall unless host feature bit 1 is set (§1). */
#include "bindings.h"
#include "solo5_pci.h"

static int pci_available(void)
{
    return (solo5net_host_features_of(solo5net_boot_info) & HVT_FEATURE_PCI) != 0;
}

/* The info block of an attached PCI_BASIC handle, or NULL. */
static const struct hvt_pci_info *info_of(solo5_handle_t handle)
{
    if (!pci_available()) return NULL;
    struct mft_entry *e = solo5net_mft_get(handle, MFT_DEV_PCI_BASIC);
    if (e == NULL || e->b == 0) return NULL;
    const struct hvt_pci_info *info = (const struct hvt_pci_info *)(uintptr_t)e->b;
    return info->version == HVT_PCI_INFO_CURRENT_VERSION ? info : NULL;
}

solo5_result_t solo5_pci_acquire(const char *name, solo5_handle_t *handle, struct solo5_pci_info *info)
{
    solo5_handle_t h;
    if (!pci_available() || handle == NULL || info == NULL) return SOLO5_R_EINVAL;
    if (solo5net_mft_find(name, MFT_DEV_PCI_BASIC, &h) == NULL) return SOLO5_R_EINVAL;
    const struct hvt_pci_info *block = info_of(h);
    if (block == NULL) return SOLO5_R_EINVAL;
    *info = (struct solo5_pci_info){
        .flags = block->flags, .segment = block->segment, .bus = block->bus,
        .device = (uint8_t)(block->devfn >> 3), .function = (uint8_t)(block->devfn & 7),
        .vendor_id = block->vendor_id, .device_id = block->device_id,
        .subsystem_vendor_id = block->subsystem_vendor_id, .subsystem_id = block->subsystem_id,
        .revision = block->revision, .prog_if = block->prog_if, .subclass = block->subclass,
        .class_code = block->class_code, .dma_base = block->dma_base, .dma_size = block->dma_size,
    };
    for (int i = 0; i < SOLO5_PCI_BAR_COUNT; i++)
        info->bar[i] = (struct solo5_pci_bar){ block->bar[i].base, block->bar[i].size, block->bar[i].flags };
    *handle = h;
    return SOLO5_R_OK;
}

static solo5_result_t config(int nr, solo5_handle_t handle, uint32_t offset, uint32_t size, uint32_t *value)
{
    if (info_of(handle) == NULL) return SOLO5_R_EINVAL;
    volatile struct hvt_hc_pci_config args = {
        .handle = handle, .offset = offset, .size = size, .value = *value, .ret = SOLO5_R_EUNSPEC,
    };
    solo5net_hypercall(nr, &args);
    *value = args.value;
    return (solo5_result_t)args.ret;
}

solo5_result_t solo5_pci_config_read(solo5_handle_t handle, uint32_t offset, uint32_t size, uint32_t *value)
{
    if (value == NULL) return SOLO5_R_EINVAL;
    *value = 0;
    return config(HVT_HYPERCALL_PCI_CONFIG_READ, handle, offset, size, value);
}

solo5_result_t solo5_pci_config_write(solo5_handle_t handle, uint32_t offset, uint32_t size, uint32_t value)
{
    return config(HVT_HYPERCALL_PCI_CONFIG_WRITE, handle, offset, size, &value);
}

solo5_result_t solo5_pci_enable_bus_master(solo5_handle_t handle)
{
    uint32_t command;
    solo5_result_t r = solo5_pci_config_read(handle, 0x04, 2, &command);
    if (r != SOLO5_R_OK) return r;
    return solo5_pci_config_write(handle, 0x04, 2, command | 0x0006);
}

solo5_result_t solo5_pci_find_capability(solo5_handle_t handle, uint8_t id, uint32_t *offset)
{
    uint32_t status, next, cap_id;
    if (offset == NULL) return SOLO5_R_EINVAL;
    if (solo5_pci_config_read(handle, 0x06, 2, &status) != SOLO5_R_OK || (status & 0x10) == 0) return SOLO5_R_EINVAL;
    if (solo5_pci_config_read(handle, 0x34, 1, &next) != SOLO5_R_OK) return SOLO5_R_EINVAL;
    /* 48 capabilities fill the 192 bytes after the header: a longer walk is a looping list. */
    for (int i = 0; i < 48 && next >= 0x40; i++) {
        uint32_t at = next & 0xFC;
        if (solo5_pci_config_read(handle, at, 1, &cap_id) != SOLO5_R_OK
            || solo5_pci_config_read(handle, at + 1, 1, &next) != SOLO5_R_OK)
            return SOLO5_R_EINVAL;
        if (cap_id == id) {
            *offset = at;
            return SOLO5_R_OK;
        }
    }
    return SOLO5_R_EINVAL;
}

volatile void *solo5_pci_bar(solo5_handle_t handle, unsigned index, uint64_t *size)
{
    const struct hvt_pci_info *info = info_of(handle);
    if (size) *size = 0;
    if (info == NULL || index >= HVT_PCI_INFO_BAR_COUNT) return NULL;
    const struct hvt_pci_bar *bar = &info->bar[index];
    if ((bar->flags & PCI_BAR_PRESENT) == 0 || (bar->flags & PCI_BAR_IO) != 0 || bar->size == 0) return NULL;
    if (size) *size = bar->size;
    return (volatile void *)(uintptr_t)bar->base;
}

/* MSI-X (§7): the tender owns the table; only the mask bit of vector control matters. */
#define MSIX_ENABLE 0x8000u
#define MSIX_FUNCTION_MASK 0x4000u
#define MSIX_ENTRY 16u

static const struct hvt_pci_info *msix_info(solo5_handle_t handle)
{
    const struct hvt_pci_info *info = info_of(handle);
    if (info == NULL || (solo5net_host_features_of(solo5net_boot_info) & HVT_FEATURE_PCI_MSIX) == 0
        || (info->flags & PCI_INFO_MSIX) == 0 || info->irq_status == 0)
        return NULL;
    return info;
}

int solo5_pci_msix_vectors(solo5_handle_t handle)
{
    uint32_t cap, control;
    if (msix_info(handle) == NULL || solo5_pci_find_capability(handle, SOLO5_PCI_CAP_MSIX, &cap) != SOLO5_R_OK
        || solo5_pci_config_read(handle, cap + 2, 2, &control) != SOLO5_R_OK)
        return 0;
    return (int)(control & 0x7FF) + 1;
}

/* The table: its BAR's window from the table offset on; NULL if it is not there. */
static volatile uint32_t *msix_table(solo5_handle_t handle, uint32_t cap)
{
    uint32_t location;
    uint64_t size;
    if (solo5_pci_config_read(handle, cap + 4, 4, &location) != SOLO5_R_OK) return NULL;
    volatile uint8_t *bar = solo5_pci_bar(handle, location & 7, &size);
    uint64_t offset = location & ~7u;
    return bar == NULL || offset >= size ? NULL : (volatile uint32_t *)(bar + offset);
}

solo5_result_t solo5_pci_msix_enable(solo5_handle_t handle, unsigned vectors)
{
    int count = solo5_pci_msix_vectors(handle);
    uint32_t cap;
    if (count == 0 || vectors == 0 || vectors > (unsigned)count
        || solo5_pci_find_capability(handle, SOLO5_PCI_CAP_MSIX, &cap) != SOLO5_R_OK)
        return SOLO5_R_EINVAL;
    volatile uint32_t *table = msix_table(handle, cap);
    if (table == NULL) return SOLO5_R_EINVAL;
    solo5_result_t r = solo5_pci_config_write(handle, cap + 2, 2, MSIX_ENABLE | MSIX_FUNCTION_MASK);
    if (r != SOLO5_R_OK) return r;
    for (unsigned v = 0; v < (unsigned)count; v++) {
        volatile uint32_t *entry = table + v * (MSIX_ENTRY / 4);
        entry[0] = 0xFEE00000u;
        entry[1] = 0;
        entry[2] = v;
        entry[3] = v < vectors ? 0 : 1;
    }
    return solo5_pci_config_write(handle, cap + 2, 2, MSIX_ENABLE);
}

solo5_result_t solo5_pci_msix_disable(solo5_handle_t handle)
{
    uint32_t cap;
    if (msix_info(handle) == NULL || solo5_pci_find_capability(handle, SOLO5_PCI_CAP_MSIX, &cap) != SOLO5_R_OK)
        return SOLO5_R_EINVAL;
    return solo5_pci_config_write(handle, cap + 2, 2, 0);
}

solo5_result_t solo5_pci_msix_mask(solo5_handle_t handle, unsigned vector, int masked)
{
    uint32_t cap;
    if (vector >= (unsigned)solo5_pci_msix_vectors(handle)
        || solo5_pci_find_capability(handle, SOLO5_PCI_CAP_MSIX, &cap) != SOLO5_R_OK)
        return SOLO5_R_EINVAL;
    volatile uint32_t *table = msix_table(handle, cap);
    if (table == NULL) return SOLO5_R_EINVAL;
    table[vector * (MSIX_ENTRY / 4) + 3] = masked ? 1 : 0;
    return SOLO5_R_OK;
}

uint64_t solo5_pci_msix_fired(solo5_handle_t handle, unsigned word)
{
    const struct hvt_pci_info *info = msix_info(handle);
    if (info == NULL || word >= HVT_PCI_IRQ_STATUS_FIRED_WORDS) return 0;
    /* The tender writes the page only while the guest is inside POLL (§7). */
    volatile uint64_t *fired = (volatile uint64_t *)(uintptr_t)info->irq_status + word;
    uint64_t bits = *fired;
    if (bits != 0) *fired = 0;
    return bits;
}

/* Bytes of each device's DMA window handed out so far, by handle. */
static uint64_t dma_used[MFT_MAX_ENTRIES];

void *solo5_pci_dma_alloc(solo5_handle_t handle, size_t size, size_t alignment, uint64_t *bus_address)
{
    const struct hvt_pci_info *info = info_of(handle);
    if (info == NULL || size == 0 || alignment == 0 || (alignment & (alignment - 1)) != 0) return NULL;
    uint64_t used = dma_used[handle];
    uint64_t start = ALIGN_UP(used, alignment);
    if (start < used || start > info->dma_size || info->dma_size - start < size) return NULL;
    dma_used[handle] = start + size;
    void *p = (void *)(uintptr_t)(info->dma_base + start);
    memset(p, 0, size);
    if (bus_address) *bus_address = info->dma_base + start;
    return p;
}
