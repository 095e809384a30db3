using FluentAssertions;
using Solo5Net.Guest;
using Xunit;

namespace Solo5Net.Tests.Guest.Bindings;

/// <summary>The guest clock's cycles-to-nanoseconds conversion against the exact 128-bit value.</summary>
public sealed class TscScaleTests
{
    public static TheoryData<ulong> Frequencies => new() { 1_000_000_000, 2_095_078_000, 3_400_000_000, 999_999_937, 100_000_000, 25_000_000_000 };

    [Theory]
    [MemberData(nameof(Frequencies))]
    public void Nanoseconds_are_the_exact_value_or_at_most_cycles_over_two_to_the_32_plus_one_below(ulong frequency)
    {
        var scale = new TscScale(frequency);
        var random = new Random(1624);
        ulong tenYears = (ulong)Math.Min(10.0 * 365 * 86400 * frequency, ulong.MaxValue / 2);
        foreach (var cycles in new ulong[] { 0, 1, frequency - 1, frequency, frequency + 1, 0xFFFF_FFFF, 1UL << 32, tenYears }
                     .Concat(Enumerable.Range(0, 2000).Select(_ => (ulong)random.NextInt64(0, (long)tenYears))))
        {
            ulong exact = (ulong)((UInt128)cycles * 1_000_000_000 / frequency);
            ulong got = scale.ToNanoseconds(cycles);
            got.Should().BeLessThanOrEqualTo(exact, $"cycles {cycles}");
            (exact - got).Should().BeLessThanOrEqualTo((cycles >> 32) + 1, $"cycles {cycles}");
        }
    }

    [Fact]
    public void An_unknown_frequency_counts_a_cycle_as_a_nanosecond()
    {
        var scale = new TscScale(0);
        foreach (var cycles in new ulong[] { 0, 1, 123_456_789, 1UL << 40, (1UL << 62) + 5 })
            scale.ToNanoseconds(cycles).Should().Be(cycles);
    }

    [Fact]
    public void The_clock_never_runs_backwards()
    {
        var scale = new TscScale(2_095_078_000);
        var random = new Random(7);
        ulong cycles = 0, last = 0;
        for (int i = 0; i < 100_000; i++)
        {
            cycles += (ulong)random.Next(0, 5000);
            ulong now = scale.ToNanoseconds(cycles);
            now.Should().BeGreaterThanOrEqualTo(last);
            last = now;
        }
    }
}
