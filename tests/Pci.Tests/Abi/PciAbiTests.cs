using Solo5Net.Abi;
using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Layout;
using Solo5Net.Manifest;
using Xunit;

namespace Solo5Net.Tests.Pci.Abi;

public sealed class PciAbiTests
{
    [Fact]
    public void Info_block_matches_the_documented_layout_byte_for_byte()
    {
        var block = new PciInfoBlock
        {
            Flags = HvtPciInfoFlags.VfioUser | HvtPciInfoFlags.Irq, Segment = 0x0102, Bus = 0x03, DevFn = 0x21,
            VendorId = 0x1234, DeviceId = 0x11e8, SubsystemVendorId = 0x1af4, SubsystemId = 0x1100,
            Revision = 0x10, ProgIf = 0x01, Subclass = 0xff, ClassCode = 0x00,
            DmaBase = 0x1_0000_0000, DmaSize = 0x20_0000,
            Bars =
            [
                new PciBarInfo(0x1_0040_0000, 0x10_0000, HvtPciBarFlags.Present | HvtPciBarFlags.Trapped),
                default, new PciBarInfo(0xC000, 0x40, HvtPciBarFlags.Present | HvtPciBarFlags.Io | HvtPciBarFlags.Trapped), default, default, default,
            ],
        };
        var expected = new byte[192];
        byte[] head =
        [
            1, 0, 0, 0, 3, 0, 0, 0,                 // version 1, flags VFIO_USER|IRQ
            0x02, 0x01, 0x03, 0x21,                 // segment 0x0102, bus 3, devfn 0x21
            0x34, 0x12, 0xe8, 0x11, 0xf4, 0x1a, 0x00, 0x11, // vendor, device, subsystem vendor, subsystem
            0x10, 0x01, 0xff, 0x00,                 // revision, prog_if, subclass, class
            0, 0, 0, 0, 1, 0, 0, 0,                 // dma_base 0x1_0000_0000
            0, 0, 0x20, 0, 0, 0, 0, 0,              // dma_size 2 MiB
            0, 0, 0, 0, 0, 0, 0, 0,                 // reserved
        ];
        head.CopyTo(expected, 0);
        byte[] bar0 = [0, 0, 0x40, 0, 1, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0x21, 0, 0, 0, 0, 0, 0, 0];
        byte[] bar2 = [0, 0xC0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x23, 0, 0, 0, 0, 0, 0, 0];
        bar0.CopyTo(expected, 48);
        bar2.CopyTo(expected, 48 + 2 * 24);
        block.Encode().Should().Equal(expected);
    }

    [Theory]
    [InlineData(0u, 4u, true)]
    [InlineData(0xFFCu, 4u, true)]
    [InlineData(0x1000u, 4u, false)]
    [InlineData(2u, 4u, false)]
    [InlineData(1u, 2u, false)]
    [InlineData(3u, 1u, true)]
    [InlineData(0u, 3u, false)]
    [InlineData(0u, 8u, false)]
    [InlineData(0xFFFFFFFCu, 4u, false)]
    public void Config_accesses_must_be_well_formed(uint offset, uint size, bool ok) =>
        PciConfigPolicy.IsWellFormed(offset, size, 4096).Should().Be(ok);

    [Fact]
    public void Config_accesses_stop_at_a_smaller_config_space() =>
        PciConfigPolicy.IsWellFormed(0x100, 4, 256).Should().BeFalse();

    [Theory]
    [InlineData(0x10u, 4u, 0u, false)]
    [InlineData(0x24u, 4u, 0u, false)]
    [InlineData(0x27u, 1u, 0u, false)]
    [InlineData(0x28u, 4u, 0u, true)]
    [InlineData(0x30u, 4u, 0u, false)]
    [InlineData(0x32u, 2u, 0u, false)]
    [InlineData(0x04u, 2u, 0x6u, true)]
    [InlineData(0x04u, 4u, 0x0010_0006u, true)]
    [InlineData(0x04u, 2u, 0x4u, false)]
    [InlineData(0x04u, 1u, 0x0u, false)]
    [InlineData(0x05u, 1u, 0x0u, true)]
    [InlineData(0x3Cu, 1u, 0xbu, true)]
    public void Writes_may_not_move_bars_or_switch_off_memory_decoding(uint offset, uint size, uint value, bool allowed) =>
        PciConfigPolicy.IsWriteAllowed(offset, size, value, hasMemoryBar: true).Should().Be(allowed);

    [Fact]
    public void Without_memory_bars_the_command_register_is_free() =>
        PciConfigPolicy.IsWriteAllowed(0x04, 2, 0, hasMemoryBar: false).Should().BeTrue();

    [Fact]
    public void Windows_follow_the_documented_order_and_alignment()
    {
        var w = new PciWindowAllocator();
        w.AllocateDma(10 << 20).Should().Be(0x1_0000_0000);
        w.AllocateBar(128 << 10).Should().Be(0x1_00A0_0000);
        w.AllocateBar(0x100).Should().Be(0x1_00A2_0000, "small BARs still get a whole 4 KiB page");
        w.AllocateBar(1 << 20).Should().Be(0x1_00B0_0000);
        w.AllocateDma(4096).Should().Be(0x1_00C0_0000);
        w.AllocatePorts(0x40).Should().Be(0xC000);
        w.AllocatePorts(0x8).Should().Be(0xC040);
        w.AllocatePorts(0x20).Should().Be(0xC060);
    }

    [Fact]
    public void A_narrow_device_gets_its_dma_window_above_guest_memory_below_its_limit()
    {
        // Guest memory (with what is reserved above it) ends at 64 MiB + 8 KiB: low windows start at 66 MiB.
        var w = new PciWindowAllocator(lowWindowsBase: (64 << 20) + 0x2000);
        w.AllocateDma("edu0", 64 << 10, 28).Should().Be(66 << 20);
        w.AllocateDma("edu1", 3 << 20, 28).Should().Be(68 << 20, "2 MiB aligned, after the window before it");
        w.AllocateDma("nic0", 4096, 64).Should().Be(0x1_0000_0000, "a 64-bit device keeps the usual place");
        w.AllocateDma("nic1", 4096, 32).Should().Be(72 << 20, "nothing above 4 GiB is below a 32-bit limit");
        w.AllocateDma("nic2", 1 << 20, 36).Should().Be(0x1_0020_0000, "fits below 64 GiB at the usual place");
    }

    [Fact]
    public void A_narrow_window_that_cannot_end_below_the_limit_is_refused_naming_the_sizes()
    {
        var w = new PciWindowAllocator(lowWindowsBase: 512 << 20);
        w.Invoking(a => a.AllocateDma("edu0", 2 << 20, 28)).Should().Throw<PciException>().WithMessage(
            "edu0: the device addresses 28 bits of DMA (below 256 MiB), but its 2 MiB DMA window, placed above guest memory " +
            "and the windows before it (512 MiB), would end at 514 MiB, above 256 MiB; " +
            "give the guest less memory (--mem) or the device less DMA memory (--pci-dma:edu0=SIZE)");
        var full = new PciWindowAllocator(lowWindowsBase: 4070UL << 20);
        full.AllocateDma("nic0", 8 << 20, 32).Should().Be(4070UL << 20, "ends at 4078 MiB = 0xFEE00000");
        full.Invoking(a => a.AllocateDma("nic1", 2 << 20, 32)).Should().Throw<PciException>()
            .WithMessage("*(3.98 GiB), would end at 3.98 GiB, above 3.98 GiB*", "low windows stay below the IOMMUs' MSI range at 0xFEE00000");
    }

    [Fact]
    public void A_bar_never_gets_a_zero_low_half()
    {
        var w = new PciWindowAllocator();
        w.AllocateBar(1 << 20).Should().Be(0x1_0010_0000);
    }

    private static MftEntry Entry(ushort vendor = 0xFFFF, ushort device = 0xFFFF, byte cls = 0xFF, byte sub = 0xFF, ulong dmaMin = 0) =>
        new("net0", 3) { VendorId = vendor, DeviceId = device, ClassCode = cls, Subclass = sub, DmaMin = dmaMin };

    private static readonly PciIdentity Edu = new(0x1234, 0x11e8, 0x10, 0, 0xff, 0x00, 0x1af4, 0x1100);

    [Fact]
    public void Manifest_match_fields_are_checked_and_any_matches_anything()
    {
        ManifestMatch.Mismatches(Entry(), Edu).Should().BeEmpty();
        ManifestMatch.Mismatches(Entry(0x1234, 0x11e8, 0x00, 0xff), Edu).Should().BeEmpty();
        var act = () => ManifestMatch.Require("net0", "vfio-user:/tmp/edu.sock", Entry(0x8086, 0x100e, 0x02), Edu);
        act.Should().Throw<PciException>().WithMessage(
            "net0: vfio-user:/tmp/edu.sock does not match the manifest: vendor 0x1234 (the unikernel wants 0x8086), " +
            "device 0x11e8 (the unikernel wants 0x100e), class 0x00 (the unikernel wants 0x02)");
    }

    [Fact]
    public void Zero_is_a_literal_id()
    {
        ManifestMatch.Mismatches(Entry(vendor: 0), Edu).Should().ContainSingle();
    }

    [Fact]
    public void Dma_size_defaults_to_the_minimum_and_refuses_less_with_the_exact_line()
    {
        ManifestMatch.DmaSize("net0", Entry(dmaMin: 10 << 20), null).Should().Be(10UL << 20);
        ManifestMatch.DmaSize("net0", Entry(dmaMin: 5000), null).Should().Be(8192, "rounded up to whole pages");
        ManifestMatch.DmaSize("net0", Entry(dmaMin: 10 << 20), 16 << 20).Should().Be(16UL << 20);
        var act = () => ManifestMatch.DmaSize("net0", Entry(dmaMin: 10 << 20), 4 << 20);
        act.Should().Throw<PciException>().WithMessage(
            "net0: the unikernel declares it needs at least 10 MiB of DMA memory; run with --pci-dma:net0=10M or more");
    }

    [Fact]
    public void Dma_memory_of_all_devices_must_fit_the_window_page_tables()
    {
        ManifestMatch.DmaSize("net0", Entry(dmaMin: 16UL << 30), null).Should().Be(16UL << 30, "16 GiB per device is the limit");
        var tooMuch = () => ManifestMatch.DmaSize("net0", Entry(dmaMin: (16UL << 30) + 4096), null);
        tooMuch.Should().Throw<PciException>().WithMessage("net0: the unikernel declares it needs * of DMA memory; at most 16 GiB per device is supported");

        DmaBudget.Require([("net0", 16UL << 30), ("net1", 4UL << 30)]);
        var act = () => DmaBudget.Require([("net0", 16UL << 30), ("net1", 4UL << 30), ("edu0", 4096)]);
        act.Should().Throw<PciException>().WithMessage(
            "the DMA memory of all devices together (net0 16 GiB, net1 4 GiB, edu0 4 KiB) exceeds the 20 GiB the guest's page tables can map; give less with --pci-dma:NAME=SIZE",
            "each window is 2 MiB aligned, so the 4 KiB takes 2 MiB of the budget");
    }
}
