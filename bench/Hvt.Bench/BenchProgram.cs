using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>
/// Measures hvt-tender against the C floor on the same guest in the same run and prints a
/// Markdown table: boot-to-exit (exec of the tender until its exit, guest halts at once) and the
/// hypercall round trip ((time with N WALLTIME calls − time with none) / N).
/// </summary>
public static class BenchProgram
{
    private const int MemoryMiB = 32;

    public static int Run(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options == null)
        {
            Console.Error.WriteLine("usage: hvt-bench [--tender PATH] [--floor PATH] [--runs N] [--calls N]");
            return 1;
        }
        var guest = Path.Combine(AppContext.BaseDirectory, "guests", "hcloop.hvt");
        var tender = new Subject("hvt-tender", options.Tender, ["--mem=" + MemoryMiB, guest]);
        var floor = new Subject("kvm_floor", options.Floor, [MemoryMiB.ToString(CultureInfo.InvariantCulture), guest]);

        // The runtime's share: the same executable doing no VM work at all (--version exits at once).
        var startup = new Subject("hvt-tender --version", options.Tender, ["--version"]);
        foreach (var s in new[] { tender, floor, startup }) s.Warm();
        var (bootTender, bootFloor) = Subject.InterleavedMedians(tender, floor, options.Runs, calls: 0);
        var (startupOnly, _) = Subject.InterleavedMedians(startup, floor, options.Runs, calls: 0);
        var (loopTender, loopFloor) = Subject.InterleavedMedians(tender, floor, Math.Max(3, options.Runs / 3), options.Calls);
        double callTender = (loopTender - bootTender) * 1000 / options.Calls;
        double callFloor = (loopFloor - bootFloor) * 1000 / options.Calls;

        Console.WriteLine($"| Measure ({options.Runs} runs, median) | hvt-tender | kvm_floor (C) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| boot-to-exit, minimal guest, --mem={MemoryMiB} | {bootTender:F1} ms | {bootFloor:F1} ms | {bootTender / bootFloor:F1} |");
        Console.WriteLine($"| of which process start-up (hvt-tender --version) | {startupOnly:F1} ms | — | — |");
        Console.WriteLine($"| hypercall round trip (WALLTIME, {options.Calls} calls) | {callTender:F1} µs | {callFloor:F1} µs | {callTender / callFloor:F2} |");
        Console.WriteLine($"\ntender: {options.Tender}\nfloor: {options.Floor}\nload average at end: {LoadAverage()}");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
