namespace Solo5Net.Drivers.E1000
{
    /// <summary>Intel 82540EM register offsets in BAR0 and the bits this driver uses (devices/Hvt.DevEmu/DEVICES.md).</summary>
    internal static class E1000Registers
    {
        public const ulong Ctrl = 0x0000, Status = 0x0008, Icr = 0x00C0, Itr = 0x00C4, Ims = 0x00D0, Imc = 0x00D8;
        public const ulong Rctl = 0x0100, Tctl = 0x0400, Tipg = 0x0410;
        public const ulong Rdbal = 0x2800, Rdbah = 0x2804, Rdlen = 0x2808, Rdh = 0x2810, Rdt = 0x2818;
        public const ulong Tdbal = 0x3800, Tdbah = 0x3804, Tdlen = 0x3808, Tdh = 0x3810, Tdt = 0x3818;
        public const ulong Mta = 0x5200, Ral0 = 0x5400, Rah0 = 0x5404;
        public const int MtaEntries = 128;

        public const uint CtrlAsde = 0x20, CtrlSlu = 0x40, CtrlReset = 0x0400_0000;
        public const uint StatusLinkUp = 0x2;
        public const uint IntTxdw = 0x1, IntLsc = 0x4, IntRxt0 = 0x80;
        public const uint RctlEnable = 0x2, RctlBroadcast = 0x8000, RctlStripCrc = 0x0400_0000; // BSIZE 0 = 2048
        public const uint TctlEnable = 0x2, TctlPadShort = 0x8;
        public const uint TctlCollisionThreshold = 0x0F << 4, TctlCollisionDistance = 0x40 << 12;
        public const uint TipgDefault = 10 | (8 << 10) | (6 << 20);
        public const uint RahAddressValid = 0x8000_0000;
        public const ulong ItrUnitNanoseconds = 256;
    }
}
