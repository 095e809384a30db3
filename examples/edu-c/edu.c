/*
 * A driver for QEMU's edu teaching device (devices/Hvt.DevEmu/DEVICES.md), written against
 * solo5.h and solo5_pci.h only: it identifies the device, computes factorials with the
 * completion interrupt delivered through solo5_yield, and copies a buffer to the device and back
 * by DMA through the DMA window. Prints one line per step and "edu: SUCCESS" at the end.
 */
#include "solo5.h"
#include "solo5_pci.h"

#define EDU_ID          0x00
#define EDU_LIVENESS    0x04
#define EDU_FACTORIAL   0x08
#define EDU_STATUS      0x20    /* bit 0 computing, bit 7 interrupt when a factorial completes */
#define EDU_IRQ_STATUS  0x24
#define EDU_IRQ_ACK     0x64
#define EDU_DMA_SRC     0x80
#define EDU_DMA_DST     0x88
#define EDU_DMA_COUNT   0x90
#define EDU_DMA_CMD     0x98    /* bit 0 start/busy, bit 1 device to RAM, bit 2 interrupt when done */
#define EDU_BUFFER      0x40000 /* the device's own 4 KiB buffer */

#define STATUS_IRQ_ON_FACTORIAL 0x80
#define IRQ_FACTORIAL 0x001
#define IRQ_DMA       0x100
#define DMA_START     0x1
#define DMA_TO_RAM    0x2
#define DMA_IRQ       0x4
#define DMA_LENGTH    1024
#define SECOND        1000000000ULL

static solo5_handle_t edu;
static volatile void *regs;

static size_t length(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static void say(const char *s) { solo5_console_write(s, length(s)); }

static void say_hex(uint64_t v)
{
    char buf[19];
    int i = 18;
    buf[i] = 0;
    do { buf[--i] = "0123456789abcdef"[v & 15]; v >>= 4; } while (v);
    buf[--i] = 'x';
    buf[--i] = '0';
    say(buf + i);
}

static int fail(const char *what)
{
    say("edu: FAILURE: ");
    say(what);
    say("\n");
    return SOLO5_EXIT_FAILURE;
}

/* Sleeps until the device interrupts (at most a second); returns its interrupt status, acknowledged. */
static uint32_t wait_for_interrupt(void)
{
    solo5_time_t deadline = solo5_clock_monotonic() + SECOND;
    while (solo5_clock_monotonic() < deadline) {
        solo5_handle_set_t ready = 0;
        solo5_yield(deadline, &ready);
        if (!solo5_pci_interrupted(edu, ready)) continue;
        uint32_t cause = solo5_mmio_read32(regs, EDU_IRQ_STATUS);
        solo5_mmio_write32(regs, EDU_IRQ_ACK, cause);
        return cause;
    }
    return 0;
}

static uint32_t factorial(uint32_t n)
{
    uint32_t f = 1;
    while (n > 1) f *= n--;
    return f;
}

static int dma(uint64_t source, uint64_t destination, uint64_t command)
{
    solo5_mmio_write64(regs, EDU_DMA_SRC, source);
    solo5_mmio_write64(regs, EDU_DMA_DST, destination);
    solo5_mmio_write64(regs, EDU_DMA_COUNT, DMA_LENGTH);
    solo5_mmio_write64(regs, EDU_DMA_CMD, command | DMA_START | DMA_IRQ);
    return (wait_for_interrupt() & IRQ_DMA) != 0 ? 0 : -1;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    struct solo5_pci_info info;
    if (solo5_pci_acquire("edu0", &edu, &info) != SOLO5_R_OK) return fail("no PCI device edu0 (run with --pci-dev:edu0=...)");
    say("edu: device ");
    say_hex(info.vendor_id);
    say(":");
    say_hex(info.device_id);
    say(info.flags & SOLO5_PCI_INFO_IRQ ? ", interrupt wired\n" : ", no interrupt\n");
    if (!(info.flags & SOLO5_PCI_INFO_IRQ)) return fail("the driver needs the interrupt");

    uint64_t bar_size;
    regs = solo5_pci_bar(edu, 0, &bar_size);
    if (regs == NULL || bar_size < 0x1000) return fail("BAR0");
    if (solo5_pci_enable_bus_master(edu) != SOLO5_R_OK) return fail("enable bus mastering");
    uint32_t id = solo5_mmio_read32(regs, EDU_ID);
    if ((id & 0xff) != 0xed) return fail("identification register");
    solo5_mmio_write32(regs, EDU_LIVENESS, 0x5a5a0f0f);
    if (solo5_mmio_read32(regs, EDU_LIVENESS) != ~0x5a5a0f0fu) return fail("liveness register");
    say("edu: version ");
    say_hex(id >> 16);
    say(", BAR0 at ");
    say_hex((uint64_t)(uintptr_t)regs);
    say("\n");

    solo5_mmio_write32(regs, EDU_STATUS, STATUS_IRQ_ON_FACTORIAL);
    for (uint32_t n = 1; n <= 10; n++) {
        solo5_mmio_write32(regs, EDU_FACTORIAL, n);
        if ((wait_for_interrupt() & IRQ_FACTORIAL) == 0) return fail("no factorial interrupt");
        if (solo5_mmio_read32(regs, EDU_FACTORIAL) != factorial(n)) return fail("factorial");
    }
    solo5_mmio_write32(regs, EDU_STATUS, 0);
    say("edu: factorials 1..10 ok\n");

    uint64_t out_bus, in_bus;
    uint8_t *out = solo5_pci_dma_alloc(edu, DMA_LENGTH, 4096, &out_bus);
    uint8_t *in = solo5_pci_dma_alloc(edu, DMA_LENGTH, 4096, &in_bus);
    if (out == NULL || in == NULL) return fail("DMA window too small (--pci-dma:edu0=64K or more)");
    for (int i = 0; i < DMA_LENGTH; i++) out[i] = (uint8_t)(i * 31 + 7);
    if (dma(out_bus, EDU_BUFFER, 0) < 0) return fail("DMA to the device");
    if (dma(EDU_BUFFER, in_bus, DMA_TO_RAM) < 0) return fail("DMA from the device");
    for (int i = 0; i < DMA_LENGTH; i++)
        if (in[i] != out[i]) return fail("DMA data differs");
    say("edu: DMA round trip of 1024 bytes ok\n");
    say("edu: SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
