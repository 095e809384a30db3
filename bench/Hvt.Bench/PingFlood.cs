using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// A ping flood from inside a private namespace (ip netns exec NS ping -f -q -c COUNT -w LIMIT
/// HOST): the next echo request goes as soon as the reply comes, or after 10 ms without one. Ends
/// after COUNT requests or LIMIT seconds, whichever comes first; what was sent and answered is
/// read from ping's summary, so a flood cut short by its limit says so.
/// </summary>
public sealed partial record PingFlood(long Sent, long Received, double Seconds)
{
    public static PingFlood Run(NetNamespace ns, string host, int count, int limitSeconds)
    {
        var clock = Stopwatch.StartNew();
        var r = ns.Run("ping", ["-f", "-q", "-n", "-c", count.ToString(CultureInfo.InvariantCulture),
            "-w", limitSeconds.ToString(CultureInfo.InvariantCulture), host], TimeSpan.FromSeconds(limitSeconds + 60));
        clock.Stop();
        var summary = Summary().Match(r.Stdout);
        if (r.TimedOut || !summary.Success)
            throw new BenchException($"ping -f {host} gave no summary (exit {r.ExitCode}): {r.Stdout.Trim()} {r.Stderr.Trim()}");
        return new PingFlood(long.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture), clock.Elapsed.TotalSeconds);
    }

    public string Describe() => FormattableString.Invariant($"{Sent} sent, {Received} answered, {Seconds:F0} s");

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) received")]
    private static partial Regex Summary();
}
