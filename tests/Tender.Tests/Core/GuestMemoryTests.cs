using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Hvt;

namespace Solo5Net.Tests.Tender.Core;

public sealed class GuestMemoryTests : IDisposable
{
    private const ulong Size = 4UL << 20;
    private readonly GuestMemory _memory = new(Size);

    public void Dispose() => _memory.Dispose();

    [Fact]
    public void Accepts_a_buffer_ending_one_byte_below_mem_size()
    {
        _memory.Slice(Size - 2, 1).Length.Should().Be(1);
        _memory.Slice(0, 0).Length.Should().Be(0, "there is no lower bound: GPA 0 passes");
    }

    [Theory]
    [InlineData(Size - 1, 1UL)]          // ends exactly at mem_size: strict rule rejects it
    [InlineData(Size, 0UL)]
    [InlineData(0x100000UL, ulong.MaxValue - 0xFFFFF)]   // wraps around
    [InlineData(ulong.MaxValue, 2UL)]
    public void Rejects_accesses_that_break_the_strict_rule(ulong gpa, ulong size)
    {
        Action act = () => _memory.Slice(gpa, size);
        act.Should().Throw<GuestAccessException>()
            .WithMessage($"GuestMemoryTests.cs:*: Invalid guest access: gpa=0x{gpa:x}, sz={size}");
    }

    [Fact]
    public void Guest_visible_size_shrinks_the_valid_range()
    {
        _memory.SetGuestVisibleSize(Size - (2UL << 20));
        _memory.IsValid(Size - (2UL << 20) - 2, 1).Should().BeTrue();
        _memory.IsValid(Size - (2UL << 20), 1).Should().BeFalse();
        _memory.AllocationSize.Should().Be(Size);
    }

    [Fact]
    public void Is_valid_matches_the_abi_rule_for_any_pointer_and_length()
    {
        var prop = Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), ArbMap.Default.ArbFor<ulong>(), (gpa, sz) =>
        {
            bool expected = gpa < Size && gpa + sz >= gpa && gpa + sz < Size;
            return _memory.IsValid(gpa, sz) == expected;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), prop);
        var near = Prop.ForAll(Gen.Choose(0, 64).ToArbitrary(), Gen.Choose(0, 64).ToArbitrary(), (back, sz) =>
            _memory.IsValid(Size - (ulong)back, (ulong)sz) == ((ulong)back > (ulong)sz && back > 0));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), near);
    }

    [Fact]
    public void Writes_and_reads_reach_the_same_memory()
    {
        _memory.Slice(0x200000, 4).Fill(0xAB);
        _memory.ReadOnlySlice(0x200000, 4).ToArray().Should().Equal(0xAB, 0xAB, 0xAB, 0xAB);
    }
}
