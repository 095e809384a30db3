using FluentAssertions;
using Xunit;
using Solo5Net.Abi;
using static Solo5Net.Tests.Abi.Golden;

namespace Solo5Net.Tests.Abi;

/// <summary>struct hvt_ring against docs/hvt-abi.md §5.2, written out by hand.</summary>
public class RingStructTests
{
    [Fact]
    public void Entry_is_op_handle_data_len_id_in_32_bytes()
    {
        var golden = Hex("02000000 | 01000000 | 0040100000000000 | DC050000 | 07000000 | 0000000000000000");
        BytesOf(new HvtRingEntry { Op = (uint)HvtRingOp.NetRead, Handle = 1, Data = 0x104000, Len = 1500, Id = 7 })
            .Should().Equal(golden);
        HvtRingEntry.Size.Should().Be(32);
    }

    [Fact]
    public void Commit_is_id_ret_len_in_16_bytes()
    {
        var golden = Hex("07000000 | 01000000 | 3C000000 | 00000000");
        BytesOf(new HvtRingCommit { Id = 7, Ret = (int)Solo5Result.Again, Len = 60 }).Should().Equal(golden);
        HvtRingCommit.Size.Should().Be(16);
    }

    [Fact]
    public void Ring_is_49280_bytes_with_indices_on_two_cache_lines_entries_at_128_and_commits_at_32896()
    {
        var ring = new HvtRing { EntTail = 1, ComHead = 2, EntHead = 3, ComTail = 4, NeedsKick = 5 };
        var bytes = BytesOf(ring);
        bytes.Should().HaveCount(49280);
        bytes[..8].Should().Equal(Hex("01000000 02000000"));
        bytes[64..76].Should().Equal(Hex("03000000 04000000 05000000"));
        bytes[8..64].Should().OnlyContain(b => b == 0);
        bytes[76..].Should().OnlyContain(b => b == 0);
        (HvtRing.Slots, HvtRing.Mask, HvtRing.EntriesOffset, HvtRing.CommitsOffset, HvtRing.Size)
            .Should().Be((1024, 1023u, 128, 32896, 49280));
        HvtRing.KickPort.Should().Be(0x600);
        ((uint)HvtRingOp.NetWrite, (uint)HvtRingOp.NetRead).Should().Be((1u, 2u));
    }
}
