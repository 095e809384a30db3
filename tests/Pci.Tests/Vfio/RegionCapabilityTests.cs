using FluentAssertions;
using Solo5Net.Interop;
using Xunit;

namespace Solo5Net.Tests.Pci.Vfio;

public sealed class RegionCapabilityTests
{
    // vfio_region_info (32 bytes) followed by: a capability id 3 (type) at 32 pointing on to 48,
    // and the sparse-mmap capability at 48 with two areas. Written out by hand from the uapi layout.
    private static readonly byte[] Golden =
    [
        0x50, 0, 0, 0,  0x0F, 0, 0, 0,  0, 0, 0, 0,  0x20, 0, 0, 0,          // argsz 80, flags, index 0, cap_offset 32
        0, 0x40, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,                    // size 0x4000, offset 0
        3, 0, 1, 0,  0x30, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,                   // cap id 3, version 1, next 48; 8 bytes body
        1, 0, 1, 0,  0, 0, 0, 0,  2, 0, 0, 0,  0, 0, 0, 0,                     // sparse mmap id 1, next 0, nr_areas 2
        0, 0, 0, 0, 0, 0, 0, 0,  0, 0x10, 0, 0, 0, 0, 0, 0,                    // area 0: offset 0, size 0x1000
        0, 0x30, 0, 0, 0, 0, 0, 0,  0, 0x10, 0, 0, 0, 0, 0, 0,                 // area 1: offset 0x3000, size 0x1000
    ];

    [Fact]
    public void Finds_the_sparse_areas_behind_another_capability()
    {
        VfioRegionCapabilities.FindSparseMmap(Golden, 32).Should().Equal(
            new VfioSparseArea(0, 0x1000), new VfioSparseArea(0x3000, 0x1000));
    }

    [Fact]
    public void No_sparse_capability_means_null()
    {
        var onlyOther = Golden[..48].ToArray();
        onlyOther[36] = 0; // next = 0
        VfioRegionCapabilities.FindSparseMmap(onlyOther, 32).Should().BeNull();
    }

    [Fact]
    public void Malformed_chains_are_rejected_not_followed()
    {
        var looping = Golden.ToArray();
        looping[36] = 32; // capability at 32 points to itself
        var act = () => VfioRegionCapabilities.FindSparseMmap(looping, 32);
        act.Should().Throw<InvalidDataException>().WithMessage("*does not end*");

        var outside = () => VfioRegionCapabilities.FindSparseMmap(Golden, 200);
        outside.Should().Throw<InvalidDataException>();

        var tooMany = Golden.ToArray();
        tooMany[56] = 9; // nr_areas 9, room for 2
        var truncated = () => VfioRegionCapabilities.FindSparseMmap(tooMany, 32);
        truncated.Should().Throw<InvalidDataException>().WithMessage("*declares 9 areas*");
    }

    [Fact]
    public void Mappable_areas_follow_the_mmap_flag_and_sparse_list()
    {
        new VfioRegionInfo(0, VfioRegionFlags.Read, 0x1000, 0, null).MappableAreas.Should().BeEmpty();
        new VfioRegionInfo(0, VfioRegionFlags.Mmap, 0x1000, 0, null).MappableAreas.Should().Equal(new VfioSparseArea(0, 0x1000));
        new VfioRegionInfo(0, VfioRegionFlags.Mmap | VfioRegionFlags.Caps, 0x4000, 0, [new VfioSparseArea(0x3000, 0x1000)])
            .MappableAreas.Should().Equal(new VfioSparseArea(0x3000, 0x1000));
    }
}
