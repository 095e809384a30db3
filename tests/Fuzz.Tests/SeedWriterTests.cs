using FluentAssertions;
using Solo5Net.Fuzz;
using Solo5Net.Fuzz.Support;
using Xunit;

namespace Solo5Net.Tests.Fuzz;

/// <summary>The generated seeds (solo5net-fuzz write-seeds) are still produced by real sessions and
/// are valid inputs of their targets.</summary>
public sealed class SeedWriterTests : IDisposable
{
    private readonly DirectoryInfo _corpus = Directory.CreateTempSubdirectory("solo5net-fuzz-seeds-");

    public void Dispose() => _corpus.Delete(recursive: true);

    [Fact]
    public void Recorded_vfio_user_sessions_replay_without_a_finding_in_both_directions()
    {
        VfioUserRecorder.Record(_corpus.FullName);
        foreach (var name in new[] { "vfio-user-server", "vfio-user-client" })
        {
            var files = Replay.Files([Path.Combine(_corpus.FullName, name)]);
            files.Select(Path.GetFileName).Should().BeEquivalentTo(["attach", "driver"]);
            files.Should().OnlyContain(f => new FileInfo(f).Length > 100);
            var target = FuzzTargets.Create(name)!;
            try { Replay.Run(target, files).Should().BeEmpty(); }
            finally { (target as IDisposable)?.Dispose(); }
        }
    }

    [Fact]
    public void Hypercall_seeds_replay_without_a_finding()
    {
        HypercallSeeds.Write(_corpus.FullName);
        var files = Replay.Files([Path.Combine(_corpus.FullName, "hypercall")]);
        files.Should().HaveCount(5);
        using var target = new Solo5Net.Fuzz.Targets.HypercallTarget();
        Replay.Run(target, files).Should().BeEmpty();
    }

    [Fact]
    public void Replay_reports_an_input_that_makes_a_target_throw()
    {
        var file = Path.Combine(_corpus.FullName, "input");
        File.WriteAllBytes(file, [1, 2, 3]);
        var findings = Replay.Run(new Throwing(), [file]);
        findings.Should().ContainSingle().Which.Error.Message.Should().Be("3 bytes");
    }

    private sealed class Throwing : IFuzzTarget
    {
        public string Name => "throwing";
        public IReadOnlyList<string> AssembliesUnderTest => [];
        public void Run(byte[] input) => throw new FuzzFindingException($"{input.Length} bytes");
    }
}
