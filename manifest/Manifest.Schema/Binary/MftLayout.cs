using Solo5Net.Abi;

namespace Solo5Net.Manifest;

/// <summary>
/// The byte layout of struct mft and struct mft_entry (docs/hvt-abi.md §7.1, docs/abi.md §2) as offsets
/// into an entry's bytes, taken from the ABI structs <see cref="HvtMftHeader"/> and <see cref="MftEntry"/>.
/// </summary>
public static class MftLayout
{
    public const uint Version = HvtMftHeader.CurrentVersion;
    public const int HeaderSize = HvtMftHeader.Size;
    public const int EntrySize = HvtMftEntry.Size;
    public const int MaxEntries = HvtMftHeader.MaxEntries;

    /// <summary>Entry 0 is reserved, so at most 63 devices.</summary>
    public const int MaxDevices = MaxEntries - 1;

    public const int NameSize = HvtMftEntry.NameSize;
    public const int MaxNameLength = NameSize - 1;

    public const int TypeOffset = HvtMftEntry.TypeOffset;
    public const int UOffset = HvtMftEntry.UOffset;
    public const int USize = HvtMftEntry.USize;
    public const int BOffset = HvtMftEntry.BOffset;
    public const int AttachedOffset = HvtMftEntry.AttachedOffset;

    public const int BlockCapacityOffset = UOffset + HvtMftBlockBasic.CapacityOffset;
    public const int BlockSizeOffset = UOffset + HvtMftBlockBasic.BlockSizeOffset;
    public const int NetMacOffset = UOffset + HvtMftNetBasic.MacOffset;
    public const int NetMacSize = HvtMftNetBasic.MacSize;
    public const int NetMtuOffset = UOffset + HvtMftNetBasic.MtuOffset;
    public const int PciVendorIdOffset = UOffset + HvtMftPciBasic.VendorIdOffset;
    public const int PciDeviceIdOffset = UOffset + HvtMftPciBasic.DeviceIdOffset;
    public const int PciClassCodeOffset = UOffset + HvtMftPciBasic.ClassCodeOffset;
    public const int PciSubclassOffset = UOffset + HvtMftPciBasic.SubclassOffset;
    public const int PciDmaBitsOffset = UOffset + HvtMftPciBasic.DmaBitsOffset;
    public const int PciDmaMinOffset = UOffset + HvtMftPciBasic.DmaMinOffset;

    public static int SizeFor(int entries) => HeaderSize + EntrySize * entries;
}
