using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Hvt;

namespace Solo5Net.Tests.Tender.Core;

public class MemorySizeTests
{
    private const ulong Mib = 1UL << 20;

    [Theory]
    [InlineData("512", 512 * Mib)]
    [InlineData("64", 64 * Mib)]
    [InlineData("3abc", 3 * Mib)]
    [InlineData("+7", 7 * Mib)]
    [InlineData("4097", 4097 * Mib)]
    public void Parses_leading_decimal_megabytes(string text, ulong expected) =>
        MemorySize.ParseMegabytes(text).Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-")]
    public void Rejects_missing_or_zero_sizes(string text) =>
        MemorySize.ParseMegabytes(text).Should().BeNull();

    [Fact]
    public void Negative_sizes_wrap_like_size_t_and_then_exceed_the_maximum()
    {
        var bytes = MemorySize.ParseMegabytes("-1")!.Value;
        bytes.Should().Be(unchecked(0UL - Mib));
        var act = () => MemorySize.Round(bytes);
        act.Should().Throw<TenderException>().WithMessage("guest memory size * bytes exceeds the max size 4294967296 bytes");
    }

    [Fact]
    public void Rounds_down_to_2_MiB_with_a_warning()
    {
        MemorySize.Round(3 * Mib).Should().Be(new RoundedMemory(2 * Mib, "adjusting memory to 2097152 bytes"));
        MemorySize.Round(1 * Mib).Should().Be(new RoundedMemory(2 * Mib, "adjusting memory to 2097152 bytes"));
        MemorySize.Round(64 * Mib).Should().Be(new RoundedMemory(64 * Mib, null));
    }

    [Fact]
    public void Allows_4096_MiB_after_rounding_but_not_more()
    {
        MemorySize.Round(4097 * Mib).Should().Be(new RoundedMemory(4096 * Mib, $"adjusting memory to {4096 * Mib} bytes"));
        var act = () => MemorySize.Round(4098 * Mib);
        act.Should().Throw<TenderException>()
            .WithMessage("guest memory size 4297064448 bytes exceeds the max size 4294967296 bytes");
    }

    [Fact]
    public void Ring_reservation_adds_2_MiB_and_caps_at_4_GiB()
    {
        MemorySize.AddReservation(64 * Mib, 49280).Should().Be(66 * Mib);
        MemorySize.AddReservation(4096 * Mib, 49280).Should().Be(4096 * Mib);
    }

    [Fact]
    public void Rounded_size_is_always_a_nonzero_multiple_of_2_MiB_not_above_the_request_or_2_MiB()
    {
        var prop = Prop.ForAll(ArbMap.Default.ArbFor<ulong>().Filter(v => v <= MemorySize.Maximum + 2 * Mib - 1), requested =>
        {
            var (bytes, warning) = MemorySize.Round(requested);
            return bytes % (2 * Mib) == 0 && bytes != 0 && (bytes <= requested || bytes == 2 * Mib)
                && (warning == null) == (bytes == requested);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), prop);
    }
}
