using System.Threading;
using Solo5Net.Runtime;

namespace Solo5Net.Guest
{
    /// <summary>A memory-mapped BAR window: volatile 8/16/32/64-bit register access at byte offsets.
    /// An access outside the window or misaligned for its width is a driver bug and aborts the guest.</summary>
    public readonly unsafe struct MmioRegion
    {
        private readonly byte* _base;

        internal MmioRegion(ulong guestPhysicalAddress, ulong size)
        {
            _base = (byte*)guestPhysicalAddress;
            Size = size;
        }

        /// <summary>Bytes in the window; 0 for a BAR that is absent or not memory-mapped.</summary>
        public ulong Size { get; }

        public ulong GuestPhysicalAddress => (ulong)_base;

        public bool IsPresent => Size != 0;

        public byte Read8(ulong offset) => Volatile.Read(ref *At(offset, 1));

        public ushort Read16(ulong offset) => Volatile.Read(ref *(ushort*)At(offset, 2));

        public uint Read32(ulong offset) => Volatile.Read(ref *(uint*)At(offset, 4));

        public ulong Read64(ulong offset) => Volatile.Read(ref *(ulong*)At(offset, 8));

        public void Write8(ulong offset, byte value) => Volatile.Write(ref *At(offset, 1), value);

        public void Write16(ulong offset, ushort value) => Volatile.Write(ref *(ushort*)At(offset, 2), value);

        public void Write32(ulong offset, uint value) => Volatile.Write(ref *(uint*)At(offset, 4), value);

        public void Write64(ulong offset, ulong value) => Volatile.Write(ref *(ulong*)At(offset, 8), value);

        private byte* At(ulong offset, uint width)
        {
            if (offset >= Size || Size - offset < width || (offset & (width - 1)) != 0)
                FailFast.Fail("MMIO access outside its BAR or misaligned");
            return _base + offset;
        }
    }
}
