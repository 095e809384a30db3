using System.Runtime.InteropServices;

namespace Solo5Net.Guest
{
    /// <summary>struct hvt_pci_info (docs/abi.md §3): 192 bytes in the read-only boot area, one per
    /// attached PCI_BASIC device; the manifest entry's `b` field holds its GPA.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    internal unsafe struct HvtPciInfo
    {
        public const uint CurrentVersion = 1;
        public const uint FlagVfioUser = 1, FlagIrq = 2;
        public const int BarCount = 6;

        [FieldOffset(0)] public uint Version;
        [FieldOffset(4)] public uint Flags;
        [FieldOffset(8)] public ushort Segment;
        [FieldOffset(10)] public byte Bus;
        [FieldOffset(11)] public byte DevFn;
        [FieldOffset(12)] public ushort VendorId;
        [FieldOffset(14)] public ushort DeviceId;
        [FieldOffset(16)] public ushort SubsystemVendorId;
        [FieldOffset(18)] public ushort SubsystemId;
        [FieldOffset(20)] public byte Revision;
        [FieldOffset(21)] public byte ProgIf;
        [FieldOffset(22)] public byte Subclass;
        [FieldOffset(23)] public byte ClassCode;
        [FieldOffset(24)] public ulong DmaBase;
        [FieldOffset(32)] public ulong DmaSize;
        [FieldOffset(48)] public fixed byte Bars[24 * BarCount];

        public static HvtPciBar* Bar(HvtPciInfo* info, int index) => (HvtPciBar*)((byte*)info + 48) + index;
    }

    /// <summary>One BAR entry of hvt_pci_info (24 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 24)]
    internal struct HvtPciBar
    {
        public const uint Present = 1, IoSpace = 2, Is64Bit = 4, Prefetchable = 8, Mapped = 16, Trapped = 32;

        [FieldOffset(0)] public ulong Base;
        [FieldOffset(8)] public ulong Size;
        [FieldOffset(16)] public uint Flags;
    }

    /// <summary>Argument of hypercalls 9 (PCI_CONFIG_READ) and 10 (PCI_CONFIG_WRITE), 24 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 24)]
    internal struct HcPciConfig
    {
        public const uint ReadNumber = 9, WriteNumber = 10;

        [FieldOffset(0)] public ulong Handle;
        [FieldOffset(8)] public uint Offset;
        [FieldOffset(12)] public uint Size;
        [FieldOffset(16)] public uint Value;
        [FieldOffset(20)] public int Ret;
    }
}
