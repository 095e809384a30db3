using Solo5Net.Guest;

namespace Solo5Net.Drivers.Virtio
{
    /// <summary>One register block a virtio capability points at: a window of a mapped memory BAR.
    /// Accesses are volatile (<see cref="MmioRegion"/>) and checked against the block's length.</summary>
    internal struct VirtioRegisterBlock
    {
        public MmioRegion Bar;
        public ulong Offset;
        public ulong Length;
        /// <summary>Only for the notify block: bytes between two queues' doorbells.</summary>
        public uint NotifyOffMultiplier;

        public bool IsPresent => Length != 0;

        public byte Read8(ulong at) => Bar.Read8(Offset + at);
        public ushort Read16(ulong at) => Bar.Read16(Offset + at);
        public uint Read32(ulong at) => Bar.Read32(Offset + at);
        public void Write8(ulong at, byte value) => Bar.Write8(Offset + at, value);
        public void Write16(ulong at, ushort value) => Bar.Write16(Offset + at, value);
        public void Write32(ulong at, uint value) => Bar.Write32(Offset + at, value);
    }
}
