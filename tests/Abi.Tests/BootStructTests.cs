using FluentAssertions;
using Xunit;
using Solo5Net.Abi;
using static Solo5Net.Tests.Abi.Golden;

namespace Solo5Net.Tests.Abi;

/// <summary>hvt_boot_info, the guest-physical layout and the feature bits against docs/hvt-abi.md §1.1 and §3
/// and docs/abi.md §1 and §4, written out by hand.</summary>
public class BootStructTests
{
    [Fact]
    public void Boot_info_is_the_56_byte_hvt_layout()
    {
        var info = new HvtBootInfo
        {
            MemSize = 0x4000000, KernelEnd = 0x108000, CpuCycleFreq = 2_000_000_000, Cmdline = 0x100A8,
            Mft = 0x10038, HostFeatures = 3, GuestFeatures = 0, NetRing = 0x4000000,
        };
        BytesOf(info).Should().Equal(Hex(
            "0000000400000000 | 0080100000000000 | 0094357700000000 | A800010000000000 | " +
            "3800010000000000 | 03000000 | 00000000 | 0000000400000000"));
        HvtBootInfo.Size.Should().Be(56);
    }

    [Fact]
    public void Host_features_count_only_when_the_manifest_lies_past_a_56_byte_boot_info()
    {
        // A Solo5 0.8-0.10 tender: 40-byte boot info, manifest at 0x10028, whose version word (1)
        // and reserved entry's name then sit where host_features and net_ring would be.
        var old = Read<HvtBootInfo>(Hex(
            "0000000400000000 | 0060100000000000 | 0094357700000000 | 9800010000000000 | " +
            "2800010000000000 | 01000000 | 02000000 | 0000000000000000"));
        old.HostFeatures.Should().Be(1, "the raw field is the manifest's version word");
        old.OfferedHostFeatures.Should().Be(0);

        var current = new HvtBootInfo { Mft = 0x10038, HostFeatures = 3 };
        current.OfferedHostFeatures.Should().Be(3);
        (current with { Mft = 0x10037 }).OfferedHostFeatures.Should().Be(0, "one byte below the 56-byte layout's manifest");
    }

    [Fact]
    public void Guest_physical_addresses_are_the_documented_ones()
    {
        HvtGuestLayout.BootInfoBase.Should().Be(0x10000);
        HvtGuestLayout.ManifestBase.Should().Be(0x10038);
        HvtGuestLayout.CmdlineSize.Should().Be(8192);
        HvtGuestLayout.GuestMinBase.Should().Be(0x100000);
        HvtGuestLayout.PciWindowBase.Should().Be(0x1_0000_0000);
    }

    [Fact]
    public void Host_feature_bits_are_ring_io_bit_0_and_pci_bit_1()
    {
        ((uint)HvtFeatures.RingIo).Should().Be(1);
        ((uint)HvtFeatures.Pci).Should().Be(2);
    }
}
