using SharpFuzz;
using Solo5Net.Fuzz;

// solo5net-fuzz: docs/security.md, "Fuzzing". scripts/fuzz.sh drives it.
const string Usage = """
    usage: solo5net-fuzz list
           solo5net-fuzz run TARGET             (under afl-fuzz: the input comes from afl++)
           solo5net-fuzz replay TARGET PATH...  (each file, or each file of each folder, once)
           solo5net-fuzz instrument TARGET DIR  (SharpFuzz-instruments the target's assemblies in DIR)
           solo5net-fuzz write-seeds DIR        (writes the generated seeds: vfio-user sessions, hypercalls)
    """;

if (args.Length == 0) return Fail(Usage);
switch (args[0])
{
    case "list" when args.Length == 1:
        foreach (var name in FuzzTargets.Names) Console.WriteLine(name);
        return 0;
    case "run" when args.Length == 2:
    {
        if (!KnownTarget(args[1])) return 2;
        // Created inside the fork server's loop: instrumented code may run only once SharpFuzz has
        // set up afl++'s shared memory (a target's constructor runs instrumented code).
        IFuzzTarget? target = null;
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target ??= FuzzTargets.Create(args[1])!;
            target.Run(buffer.ToArray());
        });
        return 0;
    }
    case "replay" when args.Length >= 3:
    {
        if (args[2..].FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p)) is { } missing)
            return Fail($"solo5net-fuzz: {missing}: no such file or folder");
        var target = TargetOrNull(args[1]);
        if (target == null) return 2;
        using var owned = target as IDisposable;
        var files = Replay.Files(args[2..]);
        var findings = Replay.Run(target, files);
        foreach (var f in findings) Console.Error.WriteLine($"solo5net-fuzz: {f.File}: {f.Error.GetType().Name}: {f.Error.Message}\n{f.Error.StackTrace}");
        Console.WriteLine($"{args[1]}: {files.Count} inputs, {findings.Count} findings");
        return findings.Count == 0 ? 0 : 1;
    }
    case "instrument" when args.Length == 3:
    {
        var target = TargetOrNull(args[1]);
        if (target == null) return 2;
        using var owned = target as IDisposable;
        foreach (var assembly in target.AssembliesUnderTest)
        {
            var path = Path.Combine(args[2], assembly + ".dll");
            if (!File.Exists(path)) return Fail($"solo5net-fuzz: {path}: no such assembly");
            Fuzzer.Instrument(path, _ => true, Options.Value);
            Console.WriteLine($"instrumented {path}");
        }
        return 0;
    }
    case "write-seeds" when args.Length == 2:
        Solo5Net.Fuzz.Support.VfioUserRecorder.Record(args[1]);
        Solo5Net.Fuzz.Support.HypercallSeeds.Write(args[1]);
        return 0;
    default:
        return Fail(Usage);
}

static bool KnownTarget(string name)
{
    if (FuzzTargets.Names.Contains(name)) return true;
    Console.Error.WriteLine($"solo5net-fuzz: unknown target '{name}' (one of: {string.Join(", ", FuzzTargets.Names)})");
    return false;
}

static IFuzzTarget? TargetOrNull(string name) => KnownTarget(name) ? FuzzTargets.Create(name) : null;

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
