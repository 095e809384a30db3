using Solo5Net.Guest;

namespace Solo5Net.Drivers.Virtio
{
    /// <summary>Places a <see cref="SplitVirtqueue"/> and its buffers in a device's DMA window
    /// (bus address = guest-physical address, docs/virtio-net.md §1).</summary>
    internal static unsafe class VirtqueueAllocation
    {
        /// <summary>The rings and <paramref name="size"/> buffers; null if the window is too small.</summary>
        public static SplitVirtqueue Allocate(DmaRegion dma, ushort size, int bufferSize)
        {
            if (!dma.TryAllocate(VirtqueueMemory.TableBytes(size), VirtqueueMemory.TableAlignment, out var table)
                || !dma.TryAllocate(VirtqueueMemory.AvailBytes(size), VirtqueueMemory.AvailAlignment, out var avail)
                || !dma.TryAllocate(VirtqueueMemory.UsedBytes(size), VirtqueueMemory.UsedAlignment, out var used)
                || !dma.TryAllocate(VirtqueueMemory.BufferBytes(size, bufferSize), VirtqueueMemory.BufferAlignment, out var buffers))
                return null;
            var memory = new VirtqueueMemory
            {
                Table = table.Pointer, TableBus = table.BusAddress,
                Avail = avail.Pointer, AvailBus = avail.BusAddress,
                Used = used.Pointer, UsedBus = used.BusAddress,
                Buffers = buffers.Pointer, BuffersBus = buffers.BusAddress,
            };
            return new SplitVirtqueue(size, bufferSize, memory);
        }
    }
}
