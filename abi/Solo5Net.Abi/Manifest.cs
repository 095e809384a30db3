using System.Runtime.InteropServices;

namespace Solo5Net.Abi
{
    /// <summary>mft_entry.type (docs/hvt-abi.md §7.1, docs/abi.md §2). Types at or above <see cref="ReservedFirst"/> are never devices.</summary>
    [CName("MFT_DEV")]
    public static class HvtMftType
    {
        public const uint BlockBasic = 1;
        public const uint NetBasic = 2;
        public const uint PciBasic = 3;
        [CName("MFT_RESERVED_FIRST")]
        public const uint ReservedFirst = 0x40000000;
    }

    /// <summary>struct mft: the header before the entries (docs/hvt-abi.md §7.1). A device's handle is its entry index.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    [CName("mft")]
    [CFlexibleArray("e", typeof(HvtMftEntry))]
    public struct HvtMftHeader
    {
        public const int Size = 8;
        public const uint CurrentVersion = 1;
        public const int MaxEntries = 64;

        [FieldOffset(0)] public uint Version;
        [FieldOffset(4)] public uint Entries;
    }

    /// <summary>struct mft_entry (docs/hvt-abi.md §7.1): 104 bytes; u is the device-specific area.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    [CName("mft_entry")]
    public unsafe struct HvtMftEntry
    {
        public const int Size = 104;
        public const int NameSize = 68;
        public const int NameOffset = 0, TypeOffset = 68, UOffset = 72, USize = 16, BOffset = 88, AttachedOffset = 96;

        /// <summary>NUL-terminated.</summary>
        [FieldOffset(NameOffset)] [CString] public fixed byte Name[NameSize];
        [FieldOffset(TypeOffset)] public uint Type;
        [FieldOffset(UOffset)] [CUnion("u")] public HvtMftBlockBasic BlockBasic;
        [FieldOffset(UOffset)] [CUnion("u")] public HvtMftNetBasic NetBasic;
        [FieldOffset(UOffset)] [CUnion("u")] public HvtMftPciBasic PciBasic;
        /// <summary>Tender-private: a host fd for BLOCK/NET, the GPA of struct hvt_pci_info for PCI_BASIC.</summary>
        [FieldOffset(BOffset)] public ulong B;
        [FieldOffset(AttachedOffset)] public byte Attached;
    }

    /// <summary>u of a BLOCK_BASIC entry, filled in by the tender.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    [CName("mft_block_basic")]
    public struct HvtMftBlockBasic
    {
        public const int Size = HvtMftEntry.USize;
        public const int CapacityOffset = 0, BlockSizeOffset = 8;

        [FieldOffset(CapacityOffset)] public ulong Capacity;
        [FieldOffset(BlockSizeOffset)] public ushort BlockSize;
    }

    /// <summary>u of a NET_BASIC entry: MAC and MTU, filled in by the tender.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    [CName("mft_net_basic")]
    public unsafe struct HvtMftNetBasic
    {
        public const int Size = HvtMftEntry.USize;
        public const int MacSize = 6;
        public const int MacOffset = 0, MtuOffset = 6;

        [FieldOffset(MacOffset)] public fixed byte Mac[MacSize];
        [FieldOffset(MtuOffset)] public ushort Mtu;
    }

    /// <summary>u of a PCI_BASIC entry (docs/abi.md §2): what to match, written by the manifest tool.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    [CName("mft_pci_basic")]
    public struct HvtMftPciBasic
    {
        public const int Size = HvtMftEntry.USize;
        /// <summary>Matches any vendor or device id.</summary>
        public const ushort AnyId = 0xFFFF;
        /// <summary>Matches any class or subclass.</summary>
        public const byte AnyClass = 0xFF;

        /// <summary>dma_bits 0: the device addresses all 64 bits of DMA.</summary>
        public const byte FullDmaBits = 0;
        /// <summary>The narrowest DMA address width a manifest may declare.</summary>
        public const byte MinDmaBits = 24;
        public const byte MaxDmaBits = 64;

        public const int VendorIdOffset = 0, DeviceIdOffset = 2, ClassCodeOffset = 4, SubclassOffset = 5,
            DmaBitsOffset = 6, DmaMinOffset = 8;

        [FieldOffset(VendorIdOffset)] public ushort VendorId;
        [FieldOffset(DeviceIdOffset)] public ushort DeviceId;
        [FieldOffset(ClassCodeOffset)] public byte ClassCode;
        [FieldOffset(SubclassOffset)] public byte Subclass;
        /// <summary>Bits of DMA address the device decodes (24–64); 0 = 64 (docs/abi.md §2).</summary>
        [FieldOffset(DmaBitsOffset)] public byte DmaBits;
        [FieldOffset(7)] public byte Reserved;
        /// <summary>Minimum DMA memory the driver needs, bytes; 0 = none.</summary>
        [FieldOffset(DmaMinOffset)] public ulong DmaMin;
    }
}
