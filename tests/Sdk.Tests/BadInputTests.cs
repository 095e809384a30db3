using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Sdk;

/// <summary>What a new user gets wrong: each mistake is one clear error.</summary>
[Collection(NewUserCollection.Name)]
public sealed class BadInputTests(NewUserProjects projects)
{
    [Fact]
    public void An_invalid_project_name_gets_the_template_engines_error()
    {
        projects.FailureUpTo("dotnet new install").Should().BeNull();
        var r = projects.Workspace.Dotnet("new", "solo5-unikernel", "-n", "bad/name", "--no-update-check");
        r.ExitCode.Should().NotBe(0, r.ToString());
        r.Output.Should().Contain("Name cannot contain any of the following characters '/'");
        Directory.Exists(projects.Workspace.PathOf("bad")).Should().BeFalse("nothing is created");
    }

    [Fact]
    public void A_misspelt_template_name_gets_the_template_engines_suggestion()
    {
        projects.FailureUpTo("dotnet new install").Should().BeNull();
        var r = projects.Workspace.Dotnet("new", "solo5-unikernl", "--no-update-check");
        r.ExitCode.Should().NotBe(0, r.ToString());
        r.Output.Should().Contain("No templates or subcommands found matching: 'solo5-unikernl'").And.Contain("dotnet new solo5-unikernel");
    }

    [Fact]
    public void A_project_without_a_manifest_gets_one_error_saying_what_to_add()
    {
        var project = NewProject("nomanifest");
        File.Delete(Path.Combine(project, "manifest.yml"));
        var r = projects.Workspace.Dotnet("build", project, "-nologo");
        r.ExitCode.Should().NotBe(0, r.ToString());
        ErrorsOf(r).Should().ContainSingle().Which.Should().Contain("error GUEST001").And.Contain("add manifest.yml to the project");
        r.Stdout.Should().Contain("1 Error(s)");
    }

    [Theory]
    [InlineData("<TargetFramework>net8.0</TargetFramework>", "for TargetFramework net10.0 only (this project sets 'net8.0')")]
    [InlineData("<TargetFrameworks>net10.0;net9.0</TargetFrameworks>", "for one TargetFramework, net10.0 (this project sets TargetFrameworks 'net10.0;net9.0')")]
    public void Another_target_framework_gets_one_clear_error(string property, string message)
    {
        var project = NewProject(property.Contains("TargetFrameworks", StringComparison.Ordinal) ? "frameworks" : "framework");
        var file = Directory.GetFiles(project, "*.csproj").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("</Project>", $"<PropertyGroup>{property}</PropertyGroup></Project>"));
        var r = projects.Workspace.Dotnet("build", project, "-nologo");
        r.ExitCode.Should().NotBe(0, r.ToString());
        ErrorsOf(r).Should().ContainSingle().Which.Should().Contain("error GUEST004")
            .And.Contain("Solo5Net.Sdk builds " + message);
    }

    private string NewProject(string name)
    {
        projects.FailureUpTo("dotnet new install").Should().BeNull();
        var r = projects.Workspace.Dotnet("new", "solo5-unikernel", "-n", name, "--no-update-check");
        r.ExitCode.Should().Be(0, r.ToString());
        return projects.Workspace.PathOf(name);
    }

    /// <summary>The distinct error lines of a build (MSBuild repeats each in its summary).</summary>
    private static IEnumerable<string> ErrorsOf(ProcessResult build) =>
        build.Stdout.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct();
}
