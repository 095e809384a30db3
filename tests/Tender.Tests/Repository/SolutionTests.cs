using FluentAssertions;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Repository;

/// <summary>Solo5Net.sln builds everything: a project missing from it is still built when another
/// references it, but in the Debug configuration, where a Release test run does not look.</summary>
public sealed class SolutionTests
{
    [Fact]
    public void Every_project_of_the_repository_is_in_the_solution()
    {
        var solution = File.ReadAllText(Repo.PathOf("Solo5Net.sln"));
        var git = ProcessRunner.Run("git", ["-C", Repo.Root, "ls-files", "*.csproj"]);
        git.ExitCode.Should().Be(0, "git ls-files must list the repository's projects: " + git);
        // Template content (guest/Guest.Templates/content/) is what `dotnet new` writes, not a project to build.
        var projects = git.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !p.StartsWith("guest/Guest.Templates/content/", StringComparison.Ordinal)).ToArray();
        projects.Should().NotBeEmpty();
        projects.Where(p => !solution.Contains($"\"{p.Replace('/', '\\')}\"", StringComparison.Ordinal))
            .Should().BeEmpty("`dotnet sln Solo5Net.sln add PROJECT` adds a new project");
    }
}
