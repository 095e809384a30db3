using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Sdk;

/// <summary>scripts/package.sh's archive as an operator installs it: unpacked in a temporary
/// directory, its native tools run with no .NET anywhere on PATH. In the new-user collection, so
/// that its packing never runs at the same time as the new user's.</summary>
[Collection(NewUserCollection.Name)]
public sealed class ReleaseArchiveTests(NewUserProjects projects) : IDisposable
{
    private static readonly string[] Tools = ["hvt-tender", "hvt-devemu", "solo5-manifest"];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("solo5net-release-");

    [Fact]
    public void The_archive_holds_native_tools_that_run_without_dotnet_the_packages_and_the_docs()
    {
        var script = ProcessRunner.Run("bash", [Repo.PathOf("scripts", "package.sh"), "--output", _dir.FullName], TimeSpan.FromMinutes(30));
        script.ExitCode.Should().Be(0, script.ToString());
        var archive = script.Stdout.Trim().Split('\n')[^1];
        Path.GetFileName(archive).Should().MatchRegex(@"^solo5net-\d+\.\d+\.\d+.*-linux-x64\.tar\.gz$");

        var unpacked = Directory.CreateDirectory(Path.Combine(_dir.FullName, "installed")).FullName;
        var tar = ProcessRunner.Run("tar", ["-C", unpacked, "--strip-components=1", "-xzf", archive]);
        tar.ExitCode.Should().Be(0, tar.ToString());
        Directory.GetFiles(Path.Combine(unpacked, "packages")).Select(Path.GetFileName)
            .Should().Contain(f => f!.StartsWith("Solo5Net.Sdk.", StringComparison.Ordinal))
            .And.Contain(f => f!.StartsWith("Solo5Net.Templates.", StringComparison.Ordinal));
        File.Exists(Path.Combine(unpacked, "README.md")).Should().BeTrue();
        File.Exists(Path.Combine(unpacked, "docs", "guest-guide.md")).Should().BeTrue();
        Directory.GetFiles(Path.Combine(unpacked, "bin")).Select(Path.GetFileName).Should().BeEquivalentTo(Tools);

        // An operator's host: PATH names an empty directory, and nothing points at a .NET installation.
        var emptyPath = Directory.CreateDirectory(Path.Combine(_dir.FullName, "empty-path")).FullName;
        var noDotnet = new Dictionary<string, string> { ["PATH"] = emptyPath, ["DOTNET_ROOT"] = emptyPath };
        var bin = Path.Combine(unpacked, "bin");
        Expect(ProcessRunner.Run(Path.Combine(bin, "hvt-tender"), ["--version"], env: noDotnet), "version 0.1.0");
        Expect(ProcessRunner.Run(Path.Combine(bin, "solo5-manifest"), ["--help"], env: noDotnet), "solo5-manifest: Solo5 manifests");
        Expect(ProcessRunner.Run(Path.Combine(bin, "solo5-manifest"), ["--version"], env: noDotnet), "0.1.0");
        Expect(ProcessRunner.Run(Path.Combine(bin, "hvt-devemu"), ["--help"], env: noDotnet), "The edu DMA test device");
        Expect(ProcessRunner.Run(Path.Combine(bin, "hvt-devemu"), ["--version"], env: noDotnet), "0.1.0");

        projects.FailureUpTo("dotnet build " + NewUserProjects.Hello).Should().BeNull();
        var query = ProcessRunner.Run(Path.Combine(bin, "solo5-manifest"), ["query", projects.ImageOf(NewUserProjects.Hello)], env: noDotnet);
        query.ExitCode.Should().Be(0, query.ToString());
        query.Stdout.Should().Contain("target: hvt");
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static void Expect(ProcessResult r, string text)
    {
        r.ExitCode.Should().Be(0, r.ToString());
        r.Output.Should().Contain(text);
    }
}
