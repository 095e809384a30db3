using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>Command line of hvt-bench; defaults to the tender and floor built next to it.</summary>
public sealed record BenchOptions(string Tender, string Floor, int Runs, int Calls)
{
    public static BenchOptions? Parse(string[] args)
    {
        var o = new BenchOptions(
            Path.Combine(AppContext.BaseDirectory, "hvt-tender"),
            Path.Combine(AppContext.BaseDirectory, "kvm_floor"), Runs: 21, Calls: 20000);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            bool isNumber = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0;
            o = args[i] switch
            {
                "--tender" => o with { Tender = Path.GetFullPath(value) },
                "--floor" => o with { Floor = Path.GetFullPath(value) },
                "--runs" when isNumber => o with { Runs = n },
                "--calls" when isNumber => o with { Calls = n },
                _ => null,
            };
            if (o == null) return null;
        }
        return args.Length % 2 == 0 ? o : null;
    }
}
