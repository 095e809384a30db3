namespace Solo5Net.TestSupport;

/// <summary>
/// The C bindings' cross toolchain (bindings/c, docs/c-guide.md) installed with
/// `make install PREFIX=DIR` into a private directory, as a Solo5 user installs it, plus a work
/// directory for what the tests compile with it. Everything is deleted on dispose.
/// </summary>
public sealed class CToolchain : IDisposable
{
    public const string Triple = "x86_64-solo5-none-static";

    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(5);

    private CToolchain(string root)
    {
        Root = root;
    }

    private string Root { get; }

    /// <summary>The installation prefix: bin/, include/solo5/, lib/x86_64-solo5-none-static/.</summary>
    public string Prefix => Path.Combine(Root, "prefix");

    /// <summary>A scratch directory for sources and objects.</summary>
    public string Work => Path.Combine(Root, "work");

    public string Tool(string name) => Path.Combine(Prefix, "bin", $"{Triple}-{name}");

    public string LibraryDirectory => Path.Combine(Prefix, "lib", Triple);

    public static CToolchain Install()
    {
        var toolchain = new CToolchain(Directory.CreateTempSubdirectory("solo5net-ctoolchain-").FullName);
        Directory.CreateDirectory(toolchain.Work);
        var r = ProcessRunner.Run("make", ["-s", "-C", Repo.PathOf("bindings", "c"), $"OUT={Path.Combine(toolchain.Root, "build")}",
            "install", $"PREFIX={toolchain.Prefix}"], BuildLimit);
        if (r.ExitCode != 0)
        {
            toolchain.Dispose();
            throw new HarnessException($"make -C bindings/c install failed: {r}");
        }
        return toolchain;
    }

    /// <summary>Writes a file into <see cref="Work"/> and returns its path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Work, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs an installed tool (cc, ld, objcopy) in <see cref="Work"/>.</summary>
    public ProcessResult Run(string tool, params string[] args) =>
        ProcessRunner.Run(Tool(tool), args, BuildLimit, workingDirectory: Work);

    /// <summary>Runs make in <paramref name="directory"/> with the installed tools first on PATH.</summary>
    public ProcessResult Make(string directory, params string[] args) =>
        ProcessRunner.Run("make", ["-C", directory, .. args], BuildLimit, workingDirectory: Work,
            env: new Dictionary<string, string>
            {
                ["PATH"] = Path.Combine(Prefix, "bin") + ":" + System.Environment.GetEnvironmentVariable("PATH"),
            });

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
