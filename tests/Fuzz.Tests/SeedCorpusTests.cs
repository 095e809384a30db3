using FluentAssertions;
using Solo5Net.Fuzz;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Fuzz;

/// <summary>
/// Fuzzing itself runs outside CI (scripts/fuzz.sh); here every target's entry point runs once over
/// its checked-in seed corpus, so a target that no longer builds, throws on valid input or has lost
/// its seeds is noticed (docs/security.md, "Fuzzing").
/// </summary>
public sealed class SeedCorpusTests
{
    public static TheoryData<string> Targets => [.. FuzzTargets.Names];

    private static string CorpusOf(string target) => Repo.PathOf("fuzz", "corpus", target);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_seed_runs_through_its_target_without_a_finding(string name)
    {
        var target = FuzzTargets.Create(name)!;
        try
        {
            target.Name.Should().Be(name);
            var seeds = Replay.Files([CorpusOf(name)]);
            seeds.Should().NotBeEmpty($"fuzz/corpus/{name} seeds the target");
            Replay.Run(target, seeds).Should().BeEmpty();
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void Every_corpus_folder_belongs_to_a_target()
    {
        Directory.GetDirectories(Repo.PathOf("fuzz", "corpus")).Select(Path.GetFileName)
            .Should().BeEquivalentTo(FuzzTargets.Names);
    }

    [Fact]
    public void Every_assembly_a_target_instruments_is_in_its_build_output()
    {
        var output = Path.GetDirectoryName(typeof(FuzzTargets).Assembly.Location)!;
        foreach (var name in FuzzTargets.Names)
        {
            var target = FuzzTargets.Create(name)!;
            try
            {
                target.AssembliesUnderTest.Should().NotBeEmpty();
                foreach (var assembly in target.AssembliesUnderTest)
                    File.Exists(Path.Combine(output, assembly + ".dll")).Should().BeTrue($"{name} instruments {assembly}");
            }
            finally
            {
                (target as IDisposable)?.Dispose();
            }
        }
    }
}
