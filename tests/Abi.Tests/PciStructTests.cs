using System.Runtime.InteropServices;
using FluentAssertions;
using Xunit;
using Solo5Net.Abi;
using static Solo5Net.Tests.Abi.Golden;

namespace Solo5Net.Tests.Abi;

/// <summary>struct hvt_pci_info and its BAR entries against docs/abi.md §3, written out by hand.</summary>
public class PciStructTests
{
    [Fact]
    public void Info_block_is_192_bytes_with_bars_from_48()
    {
        var golden = Hex(
            "01000000 | 03000000 | 0201 | 03 | 21 | 3412 | E811 | F41A | 0011 | 10 | 01 | FF | 00 | " +
            "0000000001000000 | 0000200000000000 | 0010400001000000 | " +
            "0000400001000000 0000100000000000 21000000 00000000 | " + new string('0', 2 * 24) + " | " +
            "00C0000000000000 4000000000000000 23000000 00000000 | " + new string('0', 2 * 24 * 3));
        golden.Should().HaveCount(192);

        var info = Read<HvtPciInfo>(golden);
        (info.Version, info.Flags, info.Segment, info.Bus, info.Devfn).Should().Be((1u, 3u, (ushort)0x0102, (byte)3, (byte)0x21));
        (info.VendorId, info.DeviceId, info.SubsystemVendorId, info.SubsystemId).Should().Be(((ushort)0x1234, (ushort)0x11E8, (ushort)0x1AF4, (ushort)0x1100));
        (info.Revision, info.ProgIf, info.Subclass, info.ClassCode).Should().Be(((byte)0x10, (byte)1, (byte)0xFF, (byte)0));
        (info.DmaBase, info.DmaSize, info.IrqStatus).Should().Be((0x1_0000_0000UL, 0x20_0000UL, 0x1_0040_1000UL));

        var bar0 = MemoryMarshal.Read<HvtPciBar>(golden.AsSpan(HvtPciInfo.BarsOffset));
        (bar0.Base, bar0.Length, bar0.Flags).Should().Be((0x1_0040_0000UL, 0x10_0000UL, (uint)(HvtPciBarFlags.Present | HvtPciBarFlags.Trapped)));
        var bar2 = MemoryMarshal.Read<HvtPciBar>(golden.AsSpan(HvtPciInfo.BarsOffset + 2 * HvtPciBar.Size));
        (bar2.Base, bar2.Length, bar2.Flags).Should().Be((0xC000UL, 0x40UL, (uint)(HvtPciBarFlags.Present | HvtPciBarFlags.Io | HvtPciBarFlags.Trapped)));

        BytesOf(info).Should().Equal(golden);
        (HvtPciInfo.Size, HvtPciInfo.BarCount, HvtPciBar.Size, HvtPciInfo.CurrentVersion).Should().Be((192, 6, 24, 1u));
    }

    [Fact]
    public void Flag_bits_are_the_documented_ones()
    {
        new[] { HvtPciInfoFlags.VfioUser, HvtPciInfoFlags.Irq, HvtPciInfoFlags.Msix }.Select(f => (uint)f).Should().Equal(1u, 2u, 4u);
        new[] { HvtFeatures.RingIo, HvtFeatures.Pci, HvtFeatures.PciMsix }.Select(f => (uint)f).Should().Equal(1u, 2u, 4u);
        new[]
        {
            HvtPciBarFlags.Present, HvtPciBarFlags.Io, HvtPciBarFlags.Is64Bit, HvtPciBarFlags.Prefetchable,
            HvtPciBarFlags.Mapped, HvtPciBarFlags.Trapped,
        }.Select(f => (uint)f).Should().Equal(1u, 2u, 4u, 8u, 0x10u, 0x20u);
    }

    [Fact]
    public unsafe void Irq_status_is_a_fired_bitmap_of_2048_bits_from_offset_0()
    {
        var golden = Hex("2100000000000080 | 0100000000000000 | " + new string('0', 2 * 8 * 29) + " | 0000000000000040");
        golden.Should().HaveCount(256);
        var status = Read<HvtPciIrqStatus>(golden);
        status.Fired[0].Should().Be(0x8000_0000_0000_0021UL, "vectors 0, 5 and 63");
        status.Fired[1].Should().Be(1UL, "vector 64");
        status.Fired[31].Should().Be(0x4000_0000_0000_0000UL, "vector 2046");
        BytesOf(status).Should().Equal(golden);
        (HvtPciIrqStatus.Size, HvtPciIrqStatus.PageSize, HvtPciIrqStatus.MaxVectors, HvtPciIrqStatus.FiredWords).Should().Be((256, 4096, 2048, 32));
    }
}
