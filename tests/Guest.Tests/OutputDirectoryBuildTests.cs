using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Guest;

/// <summary>`dotnet build -o DIR` of a guest, as of any .NET project: the referenced projects'
/// outputs, solo5-manifest among them, go to DIR too, and the guest build must find the tool there.
/// Category DotnetBuild: its fixture runs the .NET SDK, which the test VM's default run leaves out
/// (scripts/test-kvm-in-vm.sh; docs/platform.md §7).</summary>
[Trait("Category", "DotnetBuild")]
public sealed class OutputDirectoryBuildTests(OutputDirectoryBuild build) : IClassFixture<OutputDirectoryBuild>
{
    [Fact]
    public void The_image_is_linked_into_the_output_directory()
    {
        build.Result.ExitCode.Should().Be(0, build.Result.ToString());
        File.Exists(build.Image).Should().BeTrue(build.Result.ToString());
        var q = ProcessRunner.Run("dotnet", [Path.Combine(build.Output, "solo5-manifest.dll"), "query", build.Image]);
        q.ExitCode.Should().Be(0, q.ToString());
        q.Stdout.Should().Contain("target: hvt");
    }

    [KvmFact]
    public void The_image_runs()
    {
        build.Result.ExitCode.Should().Be(0, build.Result.ToString());
        var r = ProcessRunner.RunTool("hvt-tender", [build.Image], TimeSpan.FromSeconds(60));
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("built with -o");
    }
}
