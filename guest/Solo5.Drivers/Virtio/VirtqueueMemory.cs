namespace Solo5Net.Drivers.Virtio
{
    /// <summary>
    /// Where one split virtqueue lives (docs/virtio-net.md §4): the descriptor table, the driver area
    /// (avail ring), the device area (used ring) and the buffers, each as the driver's pointer and the
    /// bus address the device is given. Sizes and alignments are the specification's; the guest takes
    /// the memory from the device's DMA window (VirtqueueAllocation), a host test from
    /// its own.
    /// </summary>
    internal unsafe struct VirtqueueMemory
    {
        public const ulong TableAlignment = 16, AvailAlignment = 2, BufferAlignment = 64;

        /// <summary>The specification asks for 4; a page keeps every used element within one page,
        /// which QEMU's virtio-net behind an IOMMU needs (docs/virtio-net.md §4).</summary>
        public const ulong UsedAlignment = 4096;

        public byte* Table, Avail, Used, Buffers;
        public ulong TableBus, AvailBus, UsedBus, BuffersBus;

        public static ulong TableBytes(ushort size) => (ulong)size * 16;

        /// <summary>flags, idx, ring[size], used_event.</summary>
        public static ulong AvailBytes(ushort size) => 4 + (ulong)size * 2 + 2;

        /// <summary>flags, idx, ring[size] of { id, len }, avail_event.</summary>
        public static ulong UsedBytes(ushort size) => 4 + (ulong)size * 8 + 2;

        public static ulong BufferBytes(ushort size, int bufferSize) => (ulong)size * (ulong)bufferSize;
    }
}
