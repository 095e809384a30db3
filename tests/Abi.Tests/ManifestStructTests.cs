using FluentAssertions;
using Xunit;
using Solo5Net.Abi;
using static Solo5Net.Tests.Abi.Golden;

namespace Solo5Net.Tests.Abi;

/// <summary>struct mft and struct mft_entry against docs/hvt-abi.md §7.1 and docs/abi.md §2, written out by hand.</summary>
public class ManifestStructTests
{
    /// <summary>"storage0" NUL-padded to 68 bytes.</summary>
    private static readonly string NameStorage0 = "73746F7261676530" + new string('0', 2 * 60);

    [Fact]
    public void Header_is_version_and_entry_count()
    {
        BytesOf(new HvtMftHeader { Version = HvtMftHeader.CurrentVersion, Entries = 2 }).Should().Equal(Hex("01000000 | 02000000"));
        (HvtMftHeader.Size, HvtMftHeader.MaxEntries).Should().Be((8, 64));
    }

    [Fact]
    public void Block_entry_has_capacity_at_72_block_size_at_80_b_at_88_attached_at_96()
    {
        var golden = Hex(NameStorage0 + "| 01000000 | 0000100000000000 | 0002 000000000000 | 0700000000000000 | 01 00000000000000");
        var entry = Read<HvtMftEntry>(golden);
        (entry.Type, entry.BlockBasic.Capacity, entry.BlockBasic.BlockSize, entry.B, entry.Attached)
            .Should().Be((HvtMftType.BlockBasic, 0x100000UL, (ushort)512, 7UL, (byte)1));
        BytesOf(entry).Should().Equal(golden);
        (HvtMftEntry.Size, HvtMftEntry.NameSize).Should().Be((104, 68));
    }

    [Fact]
    public void Net_entry_has_mac_at_72_and_mtu_at_78()
    {
        var golden = Hex(NameStorage0 + "| 02000000 | 02005E100042 | DC05 | 0000000000000000 | 0000000000000000 | 00 00000000000000");
        var entry = Read<HvtMftEntry>(golden);
        (entry.Type, entry.NetBasic.Mtu).Should().Be((HvtMftType.NetBasic, (ushort)1500));
        unsafe { new ReadOnlySpan<byte>(entry.NetBasic.Mac, HvtMftNetBasic.MacSize).ToArray().Should().Equal(2, 0, 0x5E, 0x10, 0, 0x42); }
    }

    [Fact]
    public void Pci_entry_has_ids_class_and_dma_min_as_docs_abi_section_2_says()
    {
        var golden = Hex(NameStorage0 + "| 03000000 | 3412 E811 FF 00 0000 | 0000A00000000000 | 0000000000000000 | 00 00000000000000");
        var pci = new HvtMftPciBasic { VendorId = 0x1234, DeviceId = 0x11E8, ClassCode = 0xFF, Subclass = 0, DmaMin = 10 << 20 };
        BytesOf(pci).Should().Equal(golden[72..88]);
        Read<HvtMftEntry>(golden).Type.Should().Be(HvtMftType.PciBasic);
    }

    [Fact]
    public void Pci_entry_has_the_dma_address_width_at_78_and_a_reserved_byte_at_79()
    {
        var golden = Hex(NameStorage0 + "| 03000000 | 3412 E811 00 FF 1C 00 | 0000010000000000 | 0000000000000000 | 00 00000000000000");
        var pci = new HvtMftPciBasic { VendorId = 0x1234, DeviceId = 0x11E8, ClassCode = 0, Subclass = 0xFF, DmaBits = 28, DmaMin = 64 << 10 };
        BytesOf(pci).Should().Equal(golden[72..88]);
        Read<HvtMftEntry>(golden).PciBasic.DmaBits.Should().Be(28);
        (HvtMftPciBasic.DmaBitsOffset, HvtMftPciBasic.FullDmaBits, HvtMftPciBasic.MinDmaBits, HvtMftPciBasic.MaxDmaBits)
            .Should().Be((6, (byte)0, (byte)24, (byte)64));
    }

    [Fact]
    public void Device_types_are_the_documented_numbers()
    {
        (HvtMftType.BlockBasic, HvtMftType.NetBasic, HvtMftType.PciBasic, HvtMftType.ReservedFirst)
            .Should().Be((1u, 2u, 3u, 0x40000000u));
        (HvtMftPciBasic.AnyId, HvtMftPciBasic.AnyClass).Should().Be(((ushort)0xFFFF, (byte)0xFF));
    }
}
