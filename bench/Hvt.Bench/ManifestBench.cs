namespace Solo5Net.Bench;

/// <summary>manifest: `solo5-manifest query IMAGE` on the C# hello image, the native executable a
/// release ships (artifacts/solo5-manifest/) against `readelf -n IMAGE` (binutils, C: reads the
/// same ELF notes), runs interleaved; with the JIT build of the same tool (`dotnet
/// solo5-manifest.dll`) and a .NET process alone (runtime-floor) for the shares. Solo5's own
/// solo5-elftool is not installed here: readelf stands in as the native reader of the notes.
/// No KVM needed.</summary>
public static class ManifestBench
{
    public const double GoalRatio = 5;

    public static void Run(BenchOptions o, Report report)
    {
        var image = o.CSharpHello;
        if (!File.Exists(image))
            throw new BenchException($"{image} not found: build it with dotnet build tests/guests-cs/hello -c Release (or pass --hello PATH)");
        if (!File.Exists(o.ManifestTool))
            throw new BenchException($"{o.ManifestTool} not found: build manifest/Manifest.Cli -c Release, which publishes it (or pass --manifest-tool PATH)");
        var jit = Path.Combine(AppContext.BaseDirectory, "solo5-manifest.dll");
        Subject[] subjects =
        [
            new("solo5-manifest query (native)", o.ManifestTool, _ => ["query", image]),
            new("readelf -n", "readelf", _ => ["-n", image]),
            new("solo5-manifest query (JIT)", "dotnet", _ => [jit, "query", image]),
            new("runtime-floor", o.RuntimeFloor, _ => []),
        ];
        foreach (var s in subjects) s.Warm();
        var medians = Subject.InterleavedMedians(subjects, o.Runs, 0);
        double native = medians[0], readelf = medians[1], jitTime = medians[2], floor = medians[3];
        report.Columns("solo5-manifest (native)", "readelf -n (C)");
        report.Row($"query IMAGE, hello.hvt ({o.Runs} runs, median)", native, readelf, "ms");
        report.Row("the same query by the JIT build (dotnet solo5-manifest.dll)", $"{jitTime:F1} ms", "—", $"{jitTime / readelf:F1}");
        report.Row("of which a native .NET process alone (runtime-floor)", $"{floor:F1} ms", "—", "—");
        report.Note($"Goal: within {GoalRatio:F0}× of a native C reader of the notes: {(native / readelf <= GoalRatio ? "met" : "not met")} " +
                    $"({native / readelf:F1}×; the JIT build {jitTime / readelf:F0}×).");
    }
}
