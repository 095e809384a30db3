using System.Globalization;
using FluentAssertions;
using Solo5Net.Hvt.Modules.Instructions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Guest;

/// <summary>
/// --insn-profile on a C# guest. Its runtime zeroes memory through #UD markers that its own #UD
/// handler serves (guest/Guest.Sdk/start.S), and the exception KVM delivers for one would leave the
/// guest running without the trap flag, so that nothing after the first marker were counted.
/// </summary>
public sealed class InstructionCountGuestTests
{
    [KvmFact]
    public void Counting_follows_a_CSharp_guest_past_its_UD_markers_into_Main_and_to_its_end()
    {
        using var dir = new TemporaryDirectory("insn-profile-");
        var profilePath = Path.Combine(dir.Path, "hello.profile");
        var r = GuestImages.Run("hello", [$"--insn-profile={profilePath}"], ["Hello_Solo5"], TimeSpan.FromSeconds(300));
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("SUCCESS");

        var (start, end) = SymbolRange(GuestImages.PathOf("hello"), "_Hello__Main");
        var profile = InstructionProfile.Parse(File.ReadAllText(profilePath));
        profile.Keys.Should().Contain(address => address >= start && address < end,
            $"Main (0x{start:x}-0x{end:x}) runs after the runtime's first zeroing marker");
    }

    /// <summary>[start, next symbol's start) of the one text symbol whose name ends with <paramref name="suffix"/>.</summary>
    private static (ulong Start, ulong End) SymbolRange(string image, string suffix)
    {
        var nm = ProcessRunner.Run("nm", ["-n", image], TimeSpan.FromSeconds(60));
        nm.ExitCode.Should().Be(0, nm.ToString());
        var symbols = nm.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length == 3 && fields[1] is "T" or "t")
            .Select(fields => (Address: ulong.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), Name: fields[2]))
            .ToList();
        int index = symbols.FindIndex(s => s.Name.EndsWith(suffix, StringComparison.Ordinal));
        index.Should().BeGreaterThanOrEqualTo(0, $"{image} has a symbol ending in {suffix}");
        return (symbols[index].Address, index + 1 < symbols.Count ? symbols[index + 1].Address : ulong.MaxValue);
    }
}
