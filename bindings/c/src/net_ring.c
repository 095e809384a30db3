/* Ring I/O for net devices (docs/hvt-abi.md §5.3), used when host_features bit 0 is set and
   net_ring is not 0 (§5.1). Writes are copied into the slot's own buffer and not waited for;
   reads are synchronous. The host is kicked only when it said it is about to sleep. */
#include "bindings.h"

#define RING_BUFFER_SIZE 2048

static volatile struct hvt_ring *ring;
static uint8_t *buffers;
static uint32_t next_id;

int solo5net_ring_active(void) { return ring != NULL; }

void solo5net_ring_init(void)
{
    const struct hvt_boot_info *bi = solo5net_boot_info;
    if ((solo5net_host_features_of(bi) & HVT_FEATURE_RING_IO) == 0 || bi->net_ring == 0) return;
    buffers = solo5net_heap_take((size_t)HVT_RING_SLOTS * RING_BUFFER_SIZE, PAGE_SIZE);
    if (buffers == NULL) return;    /* no room for the buffers: hypercalls still work */
    ring = (volatile struct hvt_ring *)(uintptr_t)bi->net_ring;
    solo5net_log(LOG_DEBUG, "Solo5: net: ring I/O\n");
}

static void wait_for_slot(uint32_t tail)
{
    while (tail - ring->ent_head >= HVT_RING_SLOTS - 1) solo5net_cpu_relax();
}

static void submit(uint32_t tail, uint32_t op, solo5_handle_t handle, const void *data, uint32_t len)
{
    volatile struct hvt_ring_entry *e = &ring->entries[tail & HVT_RING_MASK];
    e->op = op;
    e->handle = (uint32_t)handle;
    e->data = (uint64_t)(uintptr_t)data;
    e->len = len;
    e->id = next_id++;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    ring->ent_tail = tail + 1;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (ring->needs_kick)
        __asm__ __volatile__("outl %0, %1" : : "a"(0u), "Nd"((uint16_t)HVT_RING_KICK_PORT) : "memory");
}

solo5_result_t solo5net_ring_write(solo5_handle_t handle, const uint8_t *buf, size_t size)
{
    if (size > RING_BUFFER_SIZE) {
        volatile struct hvt_hc_net args = { .handle = handle, .data = (uint64_t)(uintptr_t)buf, .len = size };
        solo5net_hypercall(HVT_HYPERCALL_NET_WRITE, &args);
        return (solo5_result_t)args.ret;
    }
    uint32_t tail = ring->ent_tail;
    wait_for_slot(tail);
    uint8_t *slot = buffers + (size_t)(tail & HVT_RING_MASK) * RING_BUFFER_SIZE;
    memcpy(slot, buf, size);
    submit(tail, HVT_RING_NET_WRITE, handle, slot, (uint32_t)size);
    return SOLO5_R_OK;
}

solo5_result_t solo5net_ring_read(solo5_handle_t handle, uint8_t *buf, size_t size, size_t *read_size)
{
    uint32_t tail = ring->ent_tail;
    wait_for_slot(tail);
    submit(tail, HVT_RING_NET_READ, handle, buf, size > UINT32_MAX ? UINT32_MAX : (uint32_t)size);
    uint32_t head = ring->com_head;
    while (ring->com_tail == head) solo5net_cpu_relax();
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    volatile struct hvt_ring_commit *c = &ring->commits[head & HVT_RING_MASK];
    int32_t ret = c->ret;
    *read_size = ret == SOLO5_R_OK ? c->len : 0;
    ring->com_head = head + 1;
    return (solo5_result_t)ret;
}
