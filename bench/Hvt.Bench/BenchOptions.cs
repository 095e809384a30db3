using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>Command line of hvt-bench: the subjects to run (default: all) and where the programs
/// under measurement are; defaults to the native tender the build publishes (artifacts/hvt-tender/),
/// the floor and guests built next to hvt-bench and the images built in the repository.</summary>
public sealed record BenchOptions(
    IReadOnlyList<string> Subjects, string Tender, string Floor, string RuntimeFloor, string DevEmu, string Guests,
    string CSharpHello, string EchoImages, int Runs, int Calls, int Blocks, int Frames, int Echoes, int TcpBytes,
    string ManifestTool, string IrqImage, int Pings = 100_000, int Connections = 1000, int FloodSeconds = 600,
    string? CompareTender = null, string? Solo5Hvt = null, string? ReferenceRepo = null)
{
    public static readonly string[] AllSubjects =
        ["boot", "hypercall", "instructions", "block", "net", "csharp", "echo", "packet", "shared", "interrupt", "memory", "manifest"];

    /// <summary>Subjects run only when named (they need more than this build).</summary>
    public static readonly string[] NamedOnlySubjects = ["demo", "demo-stepped"];

    /// <summary>The subjects that need neither KVM nor root.</summary>
    public static readonly string[] HostOnlySubjects = ["manifest"];

    public const string Usage =
        "usage: hvt-bench [SUBJECT...] [--tender PATH] [--compare-tender PATH] [--floor PATH] [--runtime-floor PATH] [--devemu PATH]\n" +
        "                 [--manifest-tool PATH]\n" +
        "                 [--guests DIR] [--hello PATH] [--echo-images DIR] [--runs N] [--calls N]\n" +
        "                 [--blocks N] [--frames N] [--echoes N] [--tcp-bytes N] [--irq-image PATH]\n" +
        "                 [--pings N] [--connections N] [--flood-seconds N] [--solo5-hvt PATH] [--reference-repo DIR]\n" +
        "SUBJECT: boot, hypercall, instructions, block, net, csharp, echo, packet, shared, interrupt, memory, manifest\n" +
        "         (default: all of them), demo (with --reference-repo DIR: the README demo's TCP echo against that checkout's build),\n" +
        "         demo-stepped (with --reference-repo DIR: that echo with the guest single-stepped, both images on this build's tender)\n" +
        "       hvt-bench profile [--tender PATH] [--top N] [--pings N] [--tcp-bytes N] -- [TENDER OPTIONS] IMAGE [ARGS]   (guest instruction profile)";

    /// <summary>hvt-tender as shipped: the native executable the tender's build publishes.</summary>
    public static string NativeTender(string repo) => NativeArtifacts.PathOf(repo, "hvt-tender");

    public static BenchOptions? Parse(string[] args)
    {
        var here = AppContext.BaseDirectory;
        var repo = RepoRoot(here);
        var o = new BenchOptions([],
            NativeTender(repo), Path.Combine(here, "kvm_floor"), Path.Combine(here, "runtime-floor", "runtime-floor"),
            Path.Combine(here, "hvt-devemu"),
            Path.Combine(here, "guests"),
            Path.Combine(repo, "tests", "guests-cs", "hello", "bin", "Release", "net10.0", "hello.hvt"),
            Path.Combine(repo, "examples", "EchoServer", "bin", "Release", "net10.0"),
            Runs: 21, Calls: 20000, Blocks: 4000, Frames: 4000, Echoes: 200, TcpBytes: 256 * 1024,
            ManifestTool: NativeArtifacts.PathOf(repo, "solo5-manifest"),
            IrqImage: Path.Combine(repo, "bench", "guests-cs", "irq-cost", "bin", "Release", "net10.0", "irq-cost.hvt"));
        var subjects = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (!AllSubjects.Contains(args[i]) && !NamedOnlySubjects.Contains(args[i])) return null;
                subjects.Add(args[i]);
                continue;
            }
            if (i + 1 >= args.Length) return null;
            var value = args[++i];
            bool isNumber = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0;
            BenchOptions? next = args[i - 1] switch
            {
                "--tender" => o with { Tender = Path.GetFullPath(value) },
                "--compare-tender" => o with { CompareTender = Path.GetFullPath(value) },
                "--floor" => o with { Floor = Path.GetFullPath(value) },
                "--runtime-floor" => o with { RuntimeFloor = Path.GetFullPath(value) },
                "--devemu" => o with { DevEmu = Path.GetFullPath(value) },
                "--manifest-tool" => o with { ManifestTool = Path.GetFullPath(value) },
                "--guests" => o with { Guests = Path.GetFullPath(value) },
                "--hello" => o with { CSharpHello = Path.GetFullPath(value) },
                "--echo-images" => o with { EchoImages = Path.GetFullPath(value) },
                "--runs" when isNumber => o with { Runs = n },
                "--calls" when isNumber => o with { Calls = n },
                "--blocks" when isNumber => o with { Blocks = n },
                "--frames" when isNumber => o with { Frames = n },
                "--echoes" when isNumber => o with { Echoes = n },
                "--tcp-bytes" when isNumber => o with { TcpBytes = n },
                "--irq-image" => o with { IrqImage = Path.GetFullPath(value) },
                "--pings" when isNumber => o with { Pings = n },
                "--connections" when isNumber => o with { Connections = n },
                "--flood-seconds" when isNumber => o with { FloodSeconds = n },
                "--solo5-hvt" => o with { Solo5Hvt = Path.GetFullPath(value) },
                "--reference-repo" => o with { ReferenceRepo = Path.GetFullPath(value) },
                _ => null,
            };
            if (next == null) return null;
            o = next;
        }
        return o with { Subjects = subjects.Count > 0 ? subjects : AllSubjects };
    }

    public string Guest(string name) => Path.Combine(Guests, name + ".hvt");

    /// <summary>The empty C program built next to kvm_floor (bench/floor/process_floor.c).</summary>
    public string ProcessFloor => Path.Combine(Path.GetDirectoryName(Floor)!, "process_floor");

    /// <summary>Fails, saying how to build them, unless the EchoServer images <paramref name="names"/> exist.</summary>
    public void RequireEchoImages(params string[] names)
    {
        foreach (var name in names)
            if (!File.Exists(Path.Combine(EchoImages, name)))
                throw new BenchException($"{Path.Combine(EchoImages, name)} not found: build it with dotnet build examples/EchoServer -c Release (or pass --echo-images DIR)");
    }

    internal static string RepoRoot(string from)
    {
        for (var d = new DirectoryInfo(from); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Solo5Net.sln"))) return d.FullName;
        return from;
    }
}
