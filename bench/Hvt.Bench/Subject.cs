using System.Diagnostics;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>One program under measurement, run with arguments that depend on the amount of work N
/// (hypercalls, blocks, frames) and timed from process start to exit. A run that does not exit 0
/// aborts the benchmark.</summary>
public sealed class Subject(string name, string executable, Func<long, IEnumerable<string>> argumentsFor)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public string Name => name;

    /// <summary>The same subject started through a prefix command, e.g. ip netns exec NS.</summary>
    public Subject Via(string prefixExecutable, params string[] prefixArguments) =>
        new(name, prefixExecutable, n => [.. prefixArguments, executable, .. argumentsFor(n)]);

    public void Warm() => TimeOnce(0);

    /// <summary>Median times (ms) of both subjects, their runs interleaved so that load from other
    /// processes on the machine affects both alike.</summary>
    public static (double First, double Second) InterleavedMedians(Subject first, Subject second, int runs, long n)
    {
        var medians = InterleavedMedians([first, second], runs, n);
        return (medians[0], medians[1]);
    }

    /// <summary>Median times (ms) of each subject, one run of each in turn, <paramref name="runs"/> rounds.</summary>
    public static double[] InterleavedMedians(IReadOnlyList<Subject> subjects, int runs, long n)
    {
        var times = subjects.Select(_ => new List<double>(runs)).ToArray();
        for (int i = 0; i < runs; i++)
            for (int k = 0; k < subjects.Count; k++)
                times[k].Add(subjects[k].TimeOnce(n));
        return times.Select(Stats.Median).ToArray();
    }

    /// <summary>Cost of one unit of work in µs for both subjects: (median time with N units −
    /// median time with none) / N, all runs interleaved.</summary>
    public static (double First, double Second) PerUnitMicroseconds(Subject first, Subject second, int runs, long n)
    {
        var (zeroA, zeroB) = InterleavedMedians(first, second, runs, 0);
        var (fullA, fullB) = InterleavedMedians(first, second, runs, n);
        return ((fullA - zeroA) * 1000 / n, (fullB - zeroB) * 1000 / n);
    }

    /// <summary>One run's time (ms), start to exit. Not through ProcessRunner: the output is read
    /// here without line events, so that as little as possible besides the program is timed.</summary>
    public double TimeOnce(long n)
    {
        var psi = ProcessLaunch.Info(executable, argumentsFor(n));
        var clock = Stopwatch.StartNew();
        using var p = ProcessLaunch.Start(psi);
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(Limit))
        {
            p.Kill(true);
            throw new BenchException($"{name} did not exit within {Limit.TotalSeconds} s");
        }
        clock.Stop();
        if (p.ExitCode != 0) throw new BenchException($"{name} exited {p.ExitCode}: {stderr.Result.Trim()}");
        return clock.Elapsed.TotalMilliseconds;
    }
}
