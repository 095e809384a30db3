using Solo5Net.Runtime;

namespace Solo5Net.Guest
{
    /// <summary>An I/O-space BAR: in/out at port offsets, each forwarded to the device by the tender.
    /// An access outside the BAR aborts the guest.</summary>
    public readonly struct IoPortRegion
    {
        internal IoPortRegion(ushort firstPort, ushort size)
        {
            FirstPort = firstPort;
            Size = size;
        }

        public ushort FirstPort { get; }

        /// <summary>Ports in the BAR; 0 when absent.</summary>
        public ushort Size { get; }

        public bool IsPresent => Size != 0;

        public byte In8(ushort offset) => PortIo.In8(Port(offset, 1));

        public ushort In16(ushort offset) => PortIo.In16(Port(offset, 2));

        public uint In32(ushort offset) => PortIo.In32(Port(offset, 4));

        public void Out8(ushort offset, byte value) => PortIo.Out8(Port(offset, 1), value);

        public void Out16(ushort offset, ushort value) => PortIo.Out16(Port(offset, 2), value);

        public void Out32(ushort offset, uint value) => PortIo.Out32(Port(offset, 4), value);

        private ushort Port(ushort offset, int width)
        {
            if (offset + width > Size) FailFast.Fail("port I/O outside its BAR");
            return (ushort)(FirstPort + offset);
        }
    }
}
