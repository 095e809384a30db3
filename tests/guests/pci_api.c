/* The PCI API of the C bindings (solo5_pci.h) against what it must refuse: names that are not
 * attached PCI_BASIC entries, handles of other devices, BARs out of range, a DMA window too small,
 * and, built without PCI devices (pci_api_none: the tender then leaves host feature bit 1 clear),
 * every call, which must return an error without making a PCI hypercall or faulting. */
#include "support/guest.h"
#include "solo5_pci.h"

static int fail(const char *what)
{
    puts_str("FAIL: ");
    puts_str(what);
    puts_str("\n");
    return 1;
}

/* Every PCI call on a handle that is not an attached PCI device. */
static int refused_everywhere(solo5_handle_t h)
{
    u32 v = 0x5555;
    if (solo5_pci_config_read(h, 0, 4, &v) != SOLO5_R_EINVAL || v != 0) return 1;
    if (solo5_pci_config_write(h, 0x3c, 1, 0) != SOLO5_R_EINVAL) return 1;
    if (solo5_pci_enable_bus_master(h) != SOLO5_R_EINVAL) return 1;
    if (solo5_pci_find_capability(h, SOLO5_PCI_CAP_MSI, &v) != SOLO5_R_EINVAL) return 1;
    u64 size = 99;
    if (solo5_pci_bar(h, 0, &size) != NULL || size != 0) return 1;
    if (solo5_pci_dma_alloc(h, 4096, 4096, NULL) != NULL) return 1;
    return 0;
}

int guest_main(const char *cmdline)
{
    (void)cmdline;
    solo5_handle_t h = 77;
    struct solo5_pci_info info;
    if (solo5_pci_acquire("edu0", &h, &info) == SOLO5_R_OK) {
        if (!(boot_info->host_features & HVT_FEATURE_PCI)) return fail("acquired without the PCI feature bit");
        if (info.vendor_id != 0x1234 || info.device_id != 0x11e8) return fail("ids");
        if (solo5_pci_acquire("nosuchdevice", &h, &info) != SOLO5_R_EINVAL) return fail("unknown name acquired");
        if (solo5_pci_acquire("storage", &h, &info) != SOLO5_R_EINVAL) return fail("block device acquired as PCI");
        if (solo5_pci_acquire(NULL, &h, &info) != SOLO5_R_EINVAL) return fail("NULL name acquired");
        solo5_handle_t storage;
        struct solo5_block_info block;
        if (solo5_block_acquire("storage", &storage, &block) != SOLO5_R_OK) return fail("block acquire");
        if (refused_everywhere(storage)) return fail("PCI call on a block handle not refused");
        if (refused_everywhere(0) || refused_everywhere(63) || refused_everywhere(1ULL << 40))
            return fail("PCI call on a bad handle not refused");
        solo5_pci_acquire("edu0", &h, &info);
        u32 ids = 0;
        if (solo5_pci_config_read(h, 0, 4, &ids) != SOLO5_R_OK || ids != 0x11e81234) return fail("config read");
        if (solo5_pci_config_write(h, 0x10, 4, 0) != SOLO5_R_EINVAL) return fail("BAR write not refused");
        if (solo5_pci_config_read(h, 2, 4, &ids) != SOLO5_R_EINVAL) return fail("misaligned read not refused");
        if (solo5_pci_bar(h, 6, NULL) != NULL || solo5_pci_bar(h, 1, NULL) != NULL) return fail("absent BAR");
        u64 size = 0;
        if (solo5_pci_bar(h, 0, &size) != (volatile void *)(uintptr_t)info.bar[0].base || size != 0x100000) return fail("BAR0");
        if (solo5_pci_dma_alloc(h, 4096, 3, NULL) != NULL) return fail("alignment 3 accepted");
        if (solo5_pci_dma_alloc(h, info.dma_size + 1, 8, NULL) != NULL) return fail("DMA beyond the window");
        u64 bus = 0;
        u8 *p = solo5_pci_dma_alloc(h, info.dma_size, 4096, &bus);
        if (p == NULL || bus != info.dma_base || (u64)(uintptr_t)p != bus) return fail("whole DMA window");
        if (solo5_pci_dma_alloc(h, 1, 1, NULL) != NULL) return fail("DMA past a full window");
        puts_str("pci api refusals ok\n");
        return 0;
    }
    if (boot_info->host_features & HVT_FEATURE_PCI) return fail("edu0 not acquired");
    if (h != 77) return fail("handle written on failure");
    for (solo5_handle_t i = 0; i < 64; i++)
        if (refused_everywhere(i)) return fail("PCI call without the PCI feature bit not refused");
    puts_str("no pci ok\n");
    return 0;
}
