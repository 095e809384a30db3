using FluentAssertions;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Options;
using Xunit;

namespace Solo5Net.Tests.Pci.Options;

public sealed class PciOptionsTests
{
    [Theory]
    [InlineData("0000:01:00.0", 0, 1, 0, 0)]
    [InlineData("abcd:ff:1f.7", 0xabcd, 0xff, 0x1f, 7)]
    [InlineData("02:03.1", 0, 2, 3, 1)]
    public void Pci_addresses_parse_and_print_canonically(string text, int domain, int bus, int device, int function)
    {
        PciAddress.TryParse(text, out var a).Should().BeTrue();
        a.Should().Be(new PciAddress((ushort)domain, (byte)bus, (byte)device, (byte)function));
        a.ToString().Should().Be(text.Length == 7 ? "0000:" + text : text);
    }

    [Theory]
    [InlineData("0000:01:20.0")] // device > 31
    [InlineData("0000:01:00.8")] // function > 7
    [InlineData("0000:1:00.0")]
    [InlineData("0000:01:00")]
    [InlineData("zzzz:01:00.0")]
    [InlineData("")]
    public void Bad_pci_addresses_are_refused(string text) => PciAddress.TryParse(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("4096", 4096UL)]
    [InlineData("12K", 12288UL)]
    [InlineData("10M", 10485760UL)]
    [InlineData("1g", 1073741824UL)]
    public void Sizes_take_binary_suffixes(string text, ulong bytes)
    {
        SizeParser.TryParse(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("-1")]
    [InlineData("1.5M")]
    [InlineData("99999999999999999999")]
    [InlineData("17179869184G")]
    public void Bad_sizes_are_refused(string text) => SizeParser.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void Sizes_format_and_describe_exactly()
    {
        SizeParser.Format(10 << 20).Should().Be("10M");
        SizeParser.Format(12288).Should().Be("12K");
        SizeParser.Format(100).Should().Be("100");
        SizeParser.Describe(10 << 20).Should().Be("10 MiB");
        SizeParser.Describe(1536 * 1024).Should().Be("1.5 MiB");
        SizeParser.Describe(100).Should().Be("100 bytes");
    }

    [Fact]
    public void Device_and_dma_options_collect_per_name_in_order()
    {
        var o = new PciOptions();
        o.TryParse("--pci-dma:net0=10M").Should().BeTrue();
        o.TryParse("--pci-dev:edu=vfio-user:/run/edu.sock").Should().BeTrue();
        o.TryParse("--pci-dev:net0=0000:01:00.0").Should().BeTrue();
        o.TryParse("--pci-unsafe-noiommu").Should().BeTrue();
        o.TryParse("--net:net0=tap0").Should().BeFalse();
        o.Requests.Select(r => r.Name).Should().Equal("net0", "edu");
        o.Requests[0].DmaSize.Should().Be(10UL << 20);
        o.Requests[0].Source.Should().Be(new HostVfioSource(new PciAddress(0, 1, 0, 0)));
        o.Requests[1].Source.Should().Be(new VfioUserSource("/run/edu.sock"));
        o.AllowUnsafeNoIommu.Should().BeTrue();
    }

    [Theory]
    [InlineData("--pci-dev:net0", "--pci-dev:net0: expected --pci-dev:NAME=VALUE with NAME 1-67 letters or digits")]
    [InlineData("--pci-dev:net-0=0000:01:00.0", "--pci-dev:net-0=0000:01:00.0: expected --pci-dev:NAME=VALUE with NAME 1-67 letters or digits")]
    [InlineData("--pci-dev:net0=01:00", "--pci-dev:net0=01:00: '01:00' is neither a PCI address (DDDD:BB:DD.F) nor vfio-user:/path/to/socket")]
    [InlineData("--pci-dev:net0=vfio-user:", "--pci-dev:net0=vfio-user:: the vfio-user socket path is empty")]
    [InlineData("--pci-dma:net0=10X", "--pci-dma:net0=10X: '10X' is not a size (bytes, or a number with K, M or G)")]
    [InlineData("--pci-dma:net0=1000", "--pci-dma:net0=1000: the DMA size must be a multiple of 4K (4096 bytes)")]
    [InlineData("--pci-dma:net0=17G", "--pci-dma:net0=17G: at most 16G of DMA memory per device")]
    public void Malformed_options_name_the_argument(string arg, string message)
    {
        var act = () => new PciOptions().TryParse(arg);
        act.Should().Throw<PciException>().WithMessage(message);
    }

    [Fact]
    public void Giving_a_device_twice_is_refused()
    {
        var o = new PciOptions();
        o.TryParse("--pci-dev:net0=0000:01:00.0");
        var again = () => o.TryParse("--pci-dev:net0=0000:02:00.0");
        again.Should().Throw<PciException>().WithMessage("--pci-dev:net0=0000:02:00.0: device 'net0' is already given");
    }
}
