using Solo5Net.Abi;

namespace Solo5Net.Guest
{
    /// <summary>What the tender reports about one BAR (hvt_pci_info bar[i], docs/abi.md §3): where it
    /// is, how big, and how guest accesses reach the device.</summary>
    public readonly struct PciBarInfo
    {
        private readonly uint _flags;

        internal PciBarInfo(ulong baseAddress, ulong size, uint flags)
        {
            Base = baseAddress;
            Size = size;
            _flags = flags;
        }

        /// <summary>Guest-physical address of a memory BAR's window, or the first port of an I/O BAR.</summary>
        public ulong Base { get; }

        /// <summary>Bytes (or ports); 0 when the BAR is not implemented or is the upper half of a 64-bit BAR.</summary>
        public ulong Size { get; }

        public bool IsPresent => (_flags & (uint)HvtPciBarFlags.Present) != 0;
        public bool IsIo => (_flags & (uint)HvtPciBarFlags.Io) != 0;
        public bool Is64Bit => (_flags & (uint)HvtPciBarFlags.Is64Bit) != 0;
        public bool IsPrefetchable => (_flags & (uint)HvtPciBarFlags.Prefetchable) != 0;

        /// <summary>Accesses go straight to the device (mapped into the guest).</summary>
        public bool IsMapped => (_flags & (uint)HvtPciBarFlags.Mapped) != 0;

        /// <summary>Accesses exit to the tender, which forwards each one (both may be set: sparse mapping).</summary>
        public bool IsTrapped => (_flags & (uint)HvtPciBarFlags.Trapped) != 0;
    }
}
