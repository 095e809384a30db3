namespace Solo5Net.Abi
{
    /// <summary>
    /// Hypercall numbers and ports (docs/hvt-abi.md §4.1, docs/abi.md §5): a 32-bit OUT to port
    /// <see cref="PioBase"/> + number carrying the GPA of the argument struct.
    /// </summary>
    public static class HvtHypercall
    {
        public const ushort PioBase = 0x500;

        public const int Walltime = 1;
        public const int Puts = 2;
        public const int Poll = 3;
        public const int BlockWrite = 4;
        public const int BlockRead = 5;
        public const int NetWrite = 6;
        public const int NetRead = 7;
        public const int Halt = 8;

        /// <summary>The PCI_BASIC extension (docs/abi.md §5).</summary>
        public const int PciConfigRead = 9;
        public const int PciConfigWrite = 10;

        /// <summary>Solo5's HVT_HYPERCALL_MAX: ports 0x500–0x508 are hypercalls whether or not registered.</summary>
        [CName("HVT_HYPERCALL_MAX")]
        public const int Solo5Max = Halt + 1;

        /// <summary>Hypercall numbers a tender module may register (ports 0x500–0x50F).</summary>
        public const int Limit = 16;
    }
}
