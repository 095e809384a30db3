using System.Threading;
using Solo5Net.Guest;

namespace Solo5Net.Drivers.Virtio
{
    /// <summary>
    /// The driver's side of one split virtqueue (docs/virtio-net.md §4), all in the device's DMA
    /// window (bus address = guest-physical address): the descriptor table, the driver area (avail
    /// ring) and the device area (used ring), plus one buffer per descriptor, so descriptor i always
    /// describes buffer i and a chain is one descriptor. Buffers are offered with
    /// <see cref="Offer"/> and become visible to the device at <see cref="Publish"/>; the device
    /// hands them back through <see cref="TryTakeUsed"/>.
    /// </summary>
    internal sealed unsafe class SplitVirtqueue
    {
        private const int AvailFlags = 0, AvailIndex = 2, RingStart = 4;
        private const ulong UsedRingAlignment = 4096;

        private readonly VirtqDescriptor* _table;
        private readonly byte* _avail;
        private readonly byte* _used;
        private ushort _availIndex, _published, _lastUsed;

        private SplitVirtqueue(ushort size, int bufferSize, DmaBuffer table, DmaBuffer avail, DmaBuffer used, DmaBuffer buffers)
        {
            Size = size;
            BufferSize = bufferSize;
            _table = (VirtqDescriptor*)table.Pointer;
            _avail = avail.Pointer;
            _used = used.Pointer;
            TableAddress = table.BusAddress;
            DriverAddress = avail.BusAddress;
            DeviceAddress = used.BusAddress;
            BufferBase = buffers.BusAddress;
        }

        public ushort Size { get; }
        public int BufferSize { get; }
        public ulong TableAddress { get; }
        public ulong DriverAddress { get; }
        public ulong DeviceAddress { get; }
        public ulong BufferBase { get; }

        /// <summary>Allocates the rings and <paramref name="size"/> buffers; null if the window is too small.
        /// The used ring starts on a page, so no used element straddles a page boundary (docs/virtio-net.md §4).</summary>
        public static SplitVirtqueue Allocate(DmaRegion dma, ushort size, int bufferSize)
        {
            if (!dma.TryAllocate((ulong)size * 16, 16, out var table)
                || !dma.TryAllocate(RingStart + (ulong)size * 2 + 2, 2, out var avail)
                || !dma.TryAllocate(RingStart + (ulong)size * 8 + 2, UsedRingAlignment, out var used)
                || !dma.TryAllocate((ulong)size * (ulong)bufferSize, 64, out var buffers))
                return null;
            return new SplitVirtqueue(size, bufferSize, table, avail, used, buffers);
        }

        /// <summary>Back to the state after allocation (for a device reset): nothing offered, nothing used.</summary>
        public void Clear()
        {
            _availIndex = _published = _lastUsed = 0;
            Volatile.Write(ref *(ushort*)(_avail + AvailFlags), 0);
            Volatile.Write(ref *(ushort*)(_avail + AvailIndex), 0);
            Volatile.Write(ref *(ushort*)(_used + AvailIndex), 0);
        }

        /// <summary>Asks the device not to interrupt for this queue (a hint it may ignore).</summary>
        public void SuppressInterrupts() => Volatile.Write(ref *(ushort*)(_avail + AvailFlags), 1);

        public byte* Buffer(ushort id) => (byte*)(BufferBase + (ulong)id * (ulong)BufferSize);

        /// <summary>Puts buffer <paramref name="id"/> (its first <paramref name="length"/> bytes) in
        /// the avail ring; <paramref name="deviceWrites"/> for receive buffers.</summary>
        public void Offer(ushort id, uint length, bool deviceWrites)
        {
            VirtqDescriptor* d = _table + id;
            d->Address = BufferBase + (ulong)id * (ulong)BufferSize;
            d->Length = length;
            d->Flags = deviceWrites ? VirtqDescriptor.FlagWrite : (ushort)0;
            d->Next = 0;
            *(ushort*)(_avail + RingStart + 2 * (_availIndex % Size)) = id;
            _availIndex++;
        }

        /// <summary>Makes offered buffers visible with one store of the avail index. True when
        /// something new was published (the caller then rings the doorbell).</summary>
        public bool Publish()
        {
            if (_availIndex == _published) return false;
            _published = _availIndex;
            Volatile.Write(ref *(ushort*)(_avail + AvailIndex), _availIndex);
            return true;
        }

        /// <summary>The next buffer the device returned, with the bytes it wrote into it.</summary>
        public bool TryTakeUsed(out ushort id, out uint length)
        {
            id = 0;
            length = 0;
            ushort usedIndex = Volatile.Read(ref *(ushort*)(_used + AvailIndex));
            while (usedIndex != _lastUsed)
            {
                byte* entry = _used + RingStart + 8 * (_lastUsed % Size);
                uint raw = Volatile.Read(ref *(uint*)entry);
                length = Volatile.Read(ref *(uint*)(entry + 4));
                _lastUsed++;
                // A device naming a buffer that does not exist is ignored (that entry is lost, not reused).
                if (raw < Size)
                {
                    id = (ushort)raw;
                    return true;
                }
            }
            return false;
        }
    }
}
