using FluentAssertions;
using Solo5Net.DevEmu.Pci;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

public sealed class ConfigSpaceTests
{
    private static readonly PciIdentity Identity = new(0x8086, 0x100E, 0x02, 0x00, 0, 3, 0x8086, 0x001E);

    private static uint Read32(ConfigSpace config, int offset)
    {
        var b = new byte[4];
        config.Read(offset, b);
        return BitConverter.ToUInt32(b);
    }

    private static void Write32(ConfigSpace config, int offset, uint value) => config.Write(offset, BitConverter.GetBytes(value));

    [Fact]
    public void Bars_report_their_size_when_written_all_ones()
    {
        var config = new ConfigSpace(Identity,
            [new BarSpec(0, 128 * 1024), new BarSpec(1, 64, IsIo: true), new BarSpec(2, 1 << 20, Is64Bit: true, Prefetchable: true)], withMsi: false);
        foreach (int offset in new[] { 0x10, 0x14, 0x18, 0x1C, 0x20 }) Write32(config, offset, 0xFFFFFFFF);
        Read32(config, 0x10).Should().Be(0xFFFE0000);
        Read32(config, 0x14).Should().Be(0xFFFFFFC1);
        Read32(config, 0x18).Should().Be(0xFFF0000C);
        Read32(config, 0x1C).Should().Be(0xFFFFFFFF);
        Read32(config, 0x20).Should().Be(0, "no BAR 4");
        Write32(config, 0x18, 0x0020_0000);
        Write32(config, 0x1C, 0x1);
        config.BarAddress(2).Should().Be(0x1_0020_0000);
    }

    [Fact]
    public void Ids_class_and_pin_are_read_only_command_bits_are_writable()
    {
        var config = new ConfigSpace(Identity, [new BarSpec(0, 4096)], withMsi: false);
        Read32(config, 0).Should().Be(0x100E8086);
        Read32(config, 8).Should().Be(0x02000003);
        Read32(config, 0x2C).Should().Be(0x001E8086);
        Write32(config, 0, 0);
        Write32(config, 8, 0);
        Read32(config, 0).Should().Be(0x100E8086);
        Write32(config, 4, 0xFFFFFFFF);
        config.Command.Should().Be(0x0547);
        config.BusMasterEnabled.Should().BeTrue();
        config.IntxDisabled.Should().BeTrue();
        var pin = new byte[1];
        config.Read(0x3D, pin);
        pin[0].Should().Be(1, "INTA");
        config.Reset();
        config.Command.Should().Be(0);
    }

    [Fact]
    public void Invalid_bars_are_refused()
    {
        FluentActions.Invoking(() => new ConfigSpace(Identity, [new BarSpec(0, 3000)], false)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ConfigSpace(Identity, [new BarSpec(5, 4096, Is64Bit: true)], false)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Extra_capabilities_follow_msi_in_the_list_aligned_and_read_only()
    {
        var config = new ConfigSpace(Identity, [new BarSpec(0, 4096)], withMsi: true,
            [new PciCapability(0x09, [0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]), new PciCapability(0x11, [0xAA, 0xBB])]);
        var bytes = new byte[256];
        config.Read(0, bytes);
        bytes[0x34].Should().Be(0x40, "MSI first");
        bytes[0x41].Should().Be(0x50, "MSI (14 bytes) then the next capability 4-byte aligned");
        bytes.AsSpan(0x50, 16).ToArray().Should().Equal(0x09, 0x60, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        bytes.AsSpan(0x60, 4).ToArray().Should().Equal(0x11, 0x00, 0xAA, 0xBB);
        (bytes[0x06] & 0x10).Should().Be(0x10, "capability list");
        config.Write(0x52, [0xFF, 0xFF]);
        var after = new byte[2];
        config.Read(0x52, after);
        after.Should().Equal(0x10, 1);
        config.Reset();
        config.Read(0x50, after);
        after.Should().Equal(new byte[] { 0x09, 0x60 }, "the list survives a reset");
    }
}
