namespace Solo5Net.Fuzz;

/// <summary>Runs a target once over each file of a corpus: the seed check of the test suite and
/// the way to reproduce a crash afl++ saved.</summary>
public static class Replay
{
    /// <summary>A file whose input made the target fail, and how.</summary>
    public sealed record Finding(string File, Exception Error);

    /// <summary>Every file under <paramref name="paths"/> (files, or folders searched recursively), sorted.</summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> paths) =>
        [.. paths.SelectMany(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.') && Path.GetFileName(f) != "README.txt")
                : [p])
            .Order(StringComparer.Ordinal)];

    public static IReadOnlyList<Finding> Run(IFuzzTarget target, IEnumerable<string> files)
    {
        var findings = new List<Finding>();
        foreach (var file in files)
        {
            try { target.Run(File.ReadAllBytes(file)); }
            catch (Exception e) { findings.Add(new Finding(file, e)); }
        }
        return findings;
    }
}
