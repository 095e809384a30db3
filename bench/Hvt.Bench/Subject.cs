using System.Diagnostics;
using System.Globalization;

namespace Solo5Net.Bench;

/// <summary>One program under measurement: runs it on the benchmark guest and times each process
/// from start to exit. A run that does not exit 0 aborts the benchmark.</summary>
public sealed class Subject(string name, string executable, string[] argsBeforeGuestArgs)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public void Warm() => TimeOnce(0);

    /// <summary>Median times of both subjects, their runs interleaved so that load from other
    /// processes on the machine affects both alike.</summary>
    public static (double First, double Second) InterleavedMedians(Subject first, Subject second, int runs, int calls)
    {
        var a = new List<double>(runs);
        var b = new List<double>(runs);
        for (int i = 0; i < runs; i++)
        {
            a.Add(first.TimeOnce(calls));
            b.Add(second.TimeOnce(calls));
        }
        return (Median(a), Median(b));
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }

    private double TimeOnce(int calls)
    {
        var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argsBeforeGuestArgs) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(calls.ToString(CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {executable}");
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(Limit)) { p.Kill(true); throw new TimeoutException($"{name} did not exit"); }
        clock.Stop();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{name} exited {p.ExitCode}: {stderr.Result}");
        return clock.Elapsed.TotalMilliseconds;
    }
}
