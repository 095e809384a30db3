using FluentAssertions;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Layout;
using Xunit;

namespace Solo5Net.Tests.Pci.Layout;

/// <summary>BAR sizes a backend reports are refused by name unless a PCI device could have them and the tender can place them.</summary>
public class BarSizeCheckTests
{
    private static PciBarRegion Bar(ulong size, bool io = false) => new(2, size, io, false, false, []);

    [Theory]
    [InlineData(16UL, false)]
    [InlineData(4096UL, false)]
    [InlineData(16UL << 30, false)]
    [InlineData(4UL, true)]
    [InlineData(256UL, true)]
    public void Sizes_a_device_can_have_and_the_tender_can_place_pass(ulong size, bool io) =>
        FluentActions.Invoking(() => BarSizeCheck.Require("net0", "vfio-user:/s", [Bar(size, io)])).Should().NotThrow();

    [Theory]
    [InlineData(0UL, false, "memory BAR2 of 0x0 bytes, which is not a power of two of at least 16 bytes")]
    [InlineData(8UL, false, "memory BAR2 of 0x8 bytes, which is not a power of two of at least 16 bytes")]
    [InlineData(0x3000UL, false, "memory BAR2 of 0x3000 bytes, which is not a power of two")]
    [InlineData(0xFFFF_FFFF_FFFF_F001UL, false, "memory BAR2 of 0xfffffffffffff001 bytes, which is not a power of two")]
    [InlineData(32UL << 30, false, "memory BAR2 of 32 GiB, more than the 16 GiB the tender can place")]
    [InlineData(1UL << 63, false, "memory BAR2 of ")]
    [InlineData(2UL, true, "I/O BAR2 of 0x2 bytes, which is not a power of two of at least 4 bytes")]
    [InlineData(512UL, true, "I/O BAR2 of 512 bytes, more than the 256 bytes the tender can place")]
    public void Other_sizes_are_refused_naming_the_device_and_the_bar(ulong size, bool io, string detail)
    {
        var refusal = FluentActions.Invoking(() => BarSizeCheck.Require("net0", "vfio-user:/s", [Bar(16), Bar(size, io)]))
            .Should().Throw<PciException>().Which.Message;
        refusal.Should().StartWith("net0: vfio-user:/s reports ").And.Contain(detail).And.EndWith("; refusing the device").And.NotContain("\n");
    }
}
