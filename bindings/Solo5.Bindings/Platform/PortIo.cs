namespace Solo5Net.Guest
{
    /// <summary>x86 port I/O (I/O BARs of PCI devices are trapped and forwarded by the tender).</summary>
    internal static class PortIo
    {
        public static byte In8(ushort port) => Native.In8(port);
        public static ushort In16(ushort port) => Native.In16(port);
        public static uint In32(ushort port) => Native.In32(port);
        public static void Out8(ushort port, byte value) => Native.Out8(port, value);
        public static void Out16(ushort port, ushort value) => Native.Out16(port, value);
        public static void Out32(ushort port, uint value) => Native.Out32(port, value);
    }
}
