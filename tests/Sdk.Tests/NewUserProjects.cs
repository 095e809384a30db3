using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Sdk;

/// <summary>
/// What a new user does, once for the whole collection: pack Solo5Net.Sdk and Solo5Net.Templates,
/// `dotnet new install` the templates, `dotnet new` each template, `dotnet build` each project. A
/// step that fails leaves the later ones undone (null); the tests report the first failure.
/// </summary>
public sealed class NewUserProjects : IDisposable
{
    public const string Hello = "hello";
    public const string Driver = "edu-driver";

    public NewUserProjects()
    {
        Steps = [
            ("pack Solo5Net.Sdk", () => Workspace.Pack(Repo.PathOf("guest", "Guest.Sdk", "Solo5Net.Sdk.csproj"))),
            ("pack Solo5Net.Templates", () => Workspace.Pack(Repo.PathOf("guest", "Guest.Templates", "Solo5Net.Templates.csproj"))),
            ("dotnet new install", () => Workspace.Dotnet("new", "install", TemplatePackage())),
            ("dotnet new solo5-unikernel", () => Workspace.Dotnet("new", "solo5-unikernel", "-n", Hello, "--no-update-check")),
            ("dotnet new solo5-pci-driver", () => Workspace.Dotnet("new", "solo5-pci-driver", "-n", Driver, "--no-update-check")),
            ("dotnet build " + Hello, () => Workspace.Dotnet("build", Hello, "-nologo")),
            ("dotnet build " + Driver, () => Workspace.Dotnet("build", Driver, "-nologo")),
        ];
        foreach (var (name, run) in Steps)
        {
            var result = run();
            Results[name] = result;
            if (result.ExitCode != 0) break;
        }
    }

    public NewUserWorkspace Workspace { get; } = new();

    public (string Name, Func<ProcessResult> Run)[] Steps { get; }

    public Dictionary<string, ProcessResult?> Results { get; } = [];

    /// <summary>NAME.hvt where `dotnet build` of the project NAME puts it.</summary>
    public string ImageOf(string project) => Workspace.PathOf(project, "bin", "Debug", "net10.0", project + ".hvt");

    /// <summary>Every step up to and including <paramref name="step"/> succeeded; else the first failure, whole.</summary>
    public string? FailureUpTo(string step)
    {
        foreach (var (name, _) in Steps)
        {
            if (!Results.TryGetValue(name, out var result) || result == null) return $"{name}: not run (an earlier step failed)";
            if (result.ExitCode != 0) return $"{name} failed: {result}";
            if (name == step) return null;
        }
        throw new ArgumentException("no such step: " + step, nameof(step));
    }

    public void Dispose() => Workspace.Dispose();

    private string TemplatePackage() =>
        Directory.GetFiles(Workspace.Feed, "Solo5Net.Templates.*.nupkg").Single();
}

[CollectionDefinition(Name)]
public sealed class NewUserCollection : ICollectionFixture<NewUserProjects>
{
    public const string Name = "new user";
}
