namespace Solo5Net.Manifest;

/// <summary>The byte layout of struct mft and struct mft_entry (docs/hvt-abi.md §7.1, docs/abi.md §2), defined once.</summary>
public static class MftLayout
{
    public const uint Version = 1;
    public const int HeaderSize = 8;
    public const int EntrySize = 104;
    public const int MaxEntries = 64;

    /// <summary>Entry 0 is reserved, so at most 63 devices.</summary>
    public const int MaxDevices = MaxEntries - 1;

    public const int NameSize = 68;
    public const int MaxNameLength = NameSize - 1;

    public const int TypeOffset = 68;
    public const int UOffset = 72;
    public const int USize = 16;
    public const int BOffset = 88;
    public const int AttachedOffset = 96;

    public const int BlockCapacityOffset = 72;
    public const int BlockSizeOffset = 80;
    public const int NetMacOffset = 72;
    public const int NetMacSize = 6;
    public const int NetMtuOffset = 78;
    public const int PciVendorIdOffset = 72;
    public const int PciDeviceIdOffset = 74;
    public const int PciClassCodeOffset = 76;
    public const int PciSubclassOffset = 77;
    public const int PciDmaMinOffset = 80;

    public static int SizeFor(int entries) => HeaderSize + EntrySize * entries;
}
