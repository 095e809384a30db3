using System.Globalization;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// hvt-bench profile [--tender PATH] [--top N] -- [TENDER OPTIONS] IMAGE [ARGS]: runs the guest
/// under the tender with perf recording kvm:kvm_emulate_insn, which on this machine's KVM fires
/// once per guest instruction and carries its address; every address is attributed to the
/// image's function symbol (nm) and the functions that executed most instructions are printed.
/// An exact instruction profile of a whole run, boot included, with no change to the guest.
/// </summary>
public static class GuestProfile
{
    public const string Command = "profile";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static int Run(string[] args)
    {
        string tender = BenchOptions.NativeTender(BenchOptions.RepoRoot(AppContext.BaseDirectory));
        int top = 25, i = 0;
        for (; i < args.Length && args[i] != "--"; i += 2)
        {
            if (i + 1 >= args.Length) return Usage();
            if (args[i] == "--tender") tender = Path.GetFullPath(args[i + 1]);
            else if (args[i] == "--top" && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) top = n;
            else return Usage();
        }
        var run = args.Skip(i + 1).ToArray();
        var image = run.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (i >= args.Length || image == null) return Usage();
        try
        {
            var symbols = Symbols(image);
            var counts = Record(tender, run);
            Print(counts, symbols, top);
            return 0;
        }
        catch (Exception e) when (e is BenchException or HarnessException)
        {
            Console.Error.WriteLine("hvt-bench profile: " + e.Message);
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: hvt-bench profile [--tender PATH] [--top N] -- [TENDER OPTIONS] IMAGE [ARGS]");
        return 2;
    }

    /// <summary>Function and object symbols of the image, by address.</summary>
    private static (ulong Address, string Name)[] Symbols(string image)
    {
        if (!File.Exists(image)) throw new BenchException($"{image}: no such file");
        var output = RunToEnd("nm", ["-n", "--defined-only", image]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 3))
            .Where(p => p.Length == 3 && ulong.TryParse(p[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _))
            .Select(p => (ulong.Parse(p[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), p[2]))
            .OrderBy(s => s.Item1).ToArray();
    }

    /// <summary>Guest instruction addresses and how often each executed.</summary>
    private static Dictionary<ulong, long> Record(string tender, string[] run)
    {
        var data = Path.Combine(Path.GetTempPath(), $"hvt-bench-profile-{Environment.ProcessId}.data");
        try
        {
            RunToEnd("perf", ["record", "-q", "-e", "kvm:kvm_emulate_insn", "-o", data, "--", tender, .. run], requireSuccess: false);
            var counts = new Dictionary<ulong, long>();
            // perf script lines end with "kvm:kvm_emulate_insn: CS_BASE:RIP:BYTES (MODE)".
            foreach (var line in RunToEnd("perf", ["script", "-i", data]).Split('\n'))
            {
                int at = line.IndexOf("kvm_emulate_insn: ", StringComparison.Ordinal);
                if (at < 0) continue;
                var fields = line[(at + 18)..].Split(':');
                if (fields.Length > 1 && ulong.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rip))
                    counts[rip] = counts.GetValueOrDefault(rip) + 1;
            }
            if (counts.Count == 0) throw new BenchException("perf recorded no guest instructions (are KVM tracepoints available?)");
            return counts;
        }
        finally
        {
            File.Delete(data);
        }
    }

    private static void Print(Dictionary<ulong, long> counts, (ulong Address, string Name)[] symbols, int top)
    {
        var addresses = symbols.Select(s => s.Address).ToArray();
        var byFunction = new Dictionary<string, long>();
        foreach (var (rip, n) in counts)
        {
            int k = Array.BinarySearch(addresses, rip);
            if (k < 0) k = ~k - 1;
            var name = k >= 0 ? symbols[k].Name : "(below the first symbol)";
            byFunction[name] = byFunction.GetValueOrDefault(name) + n;
        }
        long total = counts.Values.Sum();
        Console.WriteLine($"{total} guest instructions executed, {counts.Count} distinct addresses\n");
        Console.WriteLine("| instructions | share | function |\n|---|---|---|");
        foreach (var (name, n) in byFunction.OrderByDescending(kv => kv.Value).Take(top))
            Console.WriteLine(FormattableString.Invariant($"| {n} | {n * 100.0 / total:F1} % | {name} |"));
    }

    private static string RunToEnd(string file, IEnumerable<string> args, bool requireSuccess = true)
    {
        var r = ProcessRunner.Run(file, args, Limit);
        if (r.TimedOut) throw new BenchException($"{file} did not finish within {Limit.TotalMinutes} min");
        if (requireSuccess && r.ExitCode != 0) throw new BenchException($"{file} exited {r.ExitCode}: {r.Stderr.Trim()}");
        return r.Stdout;
    }
}
