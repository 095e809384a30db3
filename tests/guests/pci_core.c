/* A guest that fills parts of its device's DMA window and aborts, so that --dumpcore has a DMA window
 * to write (docs/debugging.md): the first page gets a counting pattern, the last page a text marker,
 * every page in between stays zero. Prints the window's address and size first. */
#include "support/guest.h"
#include "solo5_pci.h"

int guest_main(const char *cmdline)
{
    (void)cmdline;
    solo5_handle_t h;
    struct solo5_pci_info info;
    if (solo5_pci_acquire("edu0", &h, &info) != SOLO5_R_OK) {
        puts_str("FAIL: acquire edu0\n");
        return 1;
    }
    u64 bus = 0;
    u8 *window = solo5_pci_dma_alloc(h, info.dma_size, 4096, &bus);
    if (window == NULL) {
        puts_str("FAIL: DMA window\n");
        return 1;
    }
    for (u64 i = 0; i < 4096; i++) window[i] = (u8)(i * 7 + 3);
    static const char marker[] = "last page of the DMA window";
    memcpy(window + info.dma_size - 4096, marker, sizeof marker);
    puts_str("dma window at ");
    put_hex(bus);
    puts_str(" size ");
    put_hex(info.dma_size);
    puts_str("\n");
    solo5_abort();
}
