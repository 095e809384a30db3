using System;

namespace Solo5Net.Guest
{
    /// <summary>
    /// The device's DMA window (--pci-dma): guest memory whose guest-physical address is also the bus
    /// address the device uses. Hands out aligned buffers with a bump allocator; nothing is ever
    /// freed (allocate rings and packet buffers once at start).
    /// </summary>
    public sealed unsafe class DmaRegion
    {
        private ulong _used;

        internal DmaRegion(ulong busAddress, ulong size)
        {
            BusAddress = busAddress;
            Size = size;
        }

        /// <summary>Bus address (= guest-physical address) of the first byte.</summary>
        public ulong BusAddress { get; }

        public ulong Size { get; }

        public ulong Remaining => Size - _used;

        /// <summary>Takes <paramref name="size"/> bytes aligned to <paramref name="alignment"/> (a power
        /// of two), zeroed. False, with nothing taken, if the window is too small.</summary>
        public bool TryAllocate(ulong size, ulong alignment, out DmaBuffer buffer)
        {
            buffer = new DmaBuffer(0, 0);
            if (size == 0 || size > int.MaxValue || alignment == 0 || (alignment & (alignment - 1)) != 0) return false;
            ulong start = (_used + alignment - 1) & ~(alignment - 1);
            if (start < _used || start > Size || Size - start < size) return false;
            _used = start + size;
            buffer = new DmaBuffer(BusAddress + start, (int)size);
            buffer.Span.Clear();
            return true;
        }
    }

    /// <summary>A piece of the DMA window: its bus address for the device and its bytes for the driver.</summary>
    public readonly unsafe struct DmaBuffer
    {
        internal DmaBuffer(ulong busAddress, int length)
        {
            BusAddress = busAddress;
            Length = length;
        }

        public ulong BusAddress { get; }

        public int Length { get; }

        public Span<byte> Span => new Span<byte>((void*)BusAddress, Length);

        /// <summary>A raw pointer, for descriptor rings read and written as structs.</summary>
        public byte* Pointer => (byte*)BusAddress;
    }
}
