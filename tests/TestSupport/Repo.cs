namespace Solo5Net.TestSupport;

/// <summary>Paths inside the repository and to the executables the tests run.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The configuration these tests were built in, which is the one whose outputs they run.</summary>
    public static string Configuration => NativeArtifacts.Configuration;

    /// <summary>The executables published natively (tender/PublishNative.targets) and run as such:
    /// what a release ships, and in the test VM a device server that starts in half a second rather
    /// than the JIT build's six (docs/platform.md §7).</summary>
    private static readonly string[] NativeTools = ["hvt-tender", "hvt-devemu", "seccomp-probe", "pci-probe"];

    /// <summary>A native executable as every build of its project publishes it (NativeAOT), for the
    /// same configuration as these tests: hvt-tender as operators get it.</summary>
    public static string NativeTool(string name) => NativeArtifacts.PathOf(Root, name);

    public static string NativeTender => NativeTool("hvt-tender");

    /// <summary>A command line for an executable the test project references: the native ones
    /// (<see cref="NativeTools"/>, <see cref="NativeTool"/>) as published; the others as their JIT
    /// build, by their apphost if present next to the tests, else `dotnet x.dll`.</summary>
    public static (string File, string[] Prefix) Tool(string name)
    {
        if (NativeTools.Contains(name))
            return File.Exists(NativeTool(name))
                ? (NativeTool(name), [])
                : throw new FileNotFoundException(
                    $"{NativeTool(name)} is missing: build its project (-c {NativeArtifacts.Configuration}), which publishes it");
        var dir = AppContext.BaseDirectory;
        var host = Path.Combine(dir, name);
        if (File.Exists(host)) return (host, []);
        var dll = Path.Combine(dir, name + ".dll");
        if (File.Exists(dll)) return ("dotnet", [dll]);
        throw new FileNotFoundException($"{name} is not built next to the tests ({dir}); add a ProjectReference");
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Solo5Net.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("Solo5Net.sln not found above " + AppContext.BaseDirectory);
    }
}
