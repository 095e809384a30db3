namespace Solo5Net.DevEmu.Virtio;

/// <summary>What a driver got wrong in a virtqueue (docs/virtio-net.md §6). Any of these puts the
/// device into DEVICE_NEEDS_RESET.</summary>
public enum VirtqueueFault
{
    None,
    /// <summary>A ring, table or buffer address is not inside the client's DMA mappings (or lacks the needed permission).</summary>
    OutsideDmaWindow,
    /// <summary>The avail index ran more than the queue size ahead of the device.</summary>
    AvailIndexTooFar,
    /// <summary>A chain head or a descriptor's next index is not below the queue size.</summary>
    IndexOutOfRange,
    /// <summary>A chain has more descriptors than the queue (a loop, or simply too long).</summary>
    ChainTooLong,
    /// <summary>An indirect descriptor, which the device never offered.</summary>
    IndirectNotNegotiated,
    /// <summary>A device-readable descriptor after a device-writable one, or the wrong kind for the queue.</summary>
    WrongDirection,
    /// <summary>A chain whose lengths add up past 4 GiB.</summary>
    ChainTooLarge,
    /// <summary>Queue enabled with a size that is 0, not a power of two, or above the maximum, or misaligned rings.</summary>
    BadQueueConfiguration,
    /// <summary>Not the driver's fault: set on purpose (--fault-needs-reset-after) to test a driver's recovery.</summary>
    Injected,
}
