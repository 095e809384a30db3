using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Sdk;

/// <summary>
/// A directory outside the repository where `dotnet` runs as on a new user's machine, without
/// touching the real user's: a private DOTNET_CLI_HOME (so `dotnet new install` writes its template
/// hive there), a private NuGet package folder and a NuGet.config whose only source is the feed the
/// packages are packed into. ilc is not downloaded: the package folder links the machine's copy of
/// it (read, never written). Disposing removes the directory.
/// </summary>
public sealed class NewUserWorkspace : IDisposable
{
    private const string IlcPackage = "runtime.linux-x64.microsoft.dotnet.ilcompiler";
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(25);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("solo5net-new-user-");

    public NewUserWorkspace()
    {
        Feed = Directory.CreateDirectory(Path.Combine(_root.FullName, "feed")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(_root.FullName, "home")).FullName;
        var packages = Directory.CreateDirectory(Path.Combine(_root.FullName, "packages")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(packages, IlcPackage), Path.Combine(MachinePackageFolder(), IlcPackage));
        File.WriteAllText(Path.Combine(_root.FullName, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="solo5net" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        Environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = packages,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
    }

    public string Root => _root.FullName;

    /// <summary>The local feed (docs/guest-guide.md: "A local feed").</summary>
    public string Feed { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>`dotnet ARGS` in the workspace, as the new user.</summary>
    public ProcessResult Dotnet(params string[] args) =>
        ProcessRunner.Run("dotnet", args, CommandLimit, workingDirectory: Root, env: new Dictionary<string, string>(Environment));

    /// <summary>`dotnet pack PROJECT` of the repository into the feed, as its maintainers build it
    /// (the machine's own NuGet setup, which restored the repository). The packages carry JIT builds
    /// only, so the native publishing of the tools they build (tender/PublishNative.targets) is
    /// skipped: under the test VM's emulation it would cost many minutes.</summary>
    public ProcessResult Pack(string project) =>
        ProcessRunner.Run("dotnet", ["pack", project, "-c", Repo.Configuration, "-o", Feed, "-p:PublishNative=false", "-nologo", "-v", "q"],
            CommandLimit, workingDirectory: Repo.Root);

    public void Dispose() => _root.Delete(recursive: true);

    private static string MachinePackageFolder()
    {
        var configured = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        var folder = !string.IsNullOrEmpty(configured)
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(Path.Combine(folder, IlcPackage)))
            throw new HarnessException($"{IlcPackage} is not in {folder}: build the repository first (it restores ilc)");
        return folder;
    }
}
