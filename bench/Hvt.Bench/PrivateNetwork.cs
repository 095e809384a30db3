using System.Diagnostics;

namespace Solo5Net.Bench;

/// <summary>A network namespace of hvt-bench's own with one tap whose host side is 10.0.0.1/24:
/// benchmark traffic never leaves it. Disposing deletes it and everything in it.</summary>
public sealed class PrivateNetwork : IDisposable
{
    public const string Tap = "tap0";
    public const string HostAddress = "10.0.0.1";
    public string Name { get; }

    /// <param name="suffix">Tells apart the namespaces one hvt-bench process has at the same time.</param>
    public PrivateNetwork(string suffix = "")
    {
        Name = $"s5nbench{Environment.ProcessId}{suffix}";
        Run("ip", "netns", "add", Name);
        Cleanup.Register(this);
        try
        {
            Exec("ip", "link", "set", "lo", "up");
            Exec("ip", "tuntap", "add", "dev", Tap, "mode", "tap");
            Exec("ip", "addr", "add", HostAddress + "/24", "dev", Tap);
            Exec("ip", "link", "set", "dev", Tap, "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Arguments that start a program inside the namespace: ip netns exec NAME …</summary>
    public string[] ExecPrefix => ["netns", "exec", Name];

    /// <summary>Frames the host side of the tap has received (what guests sent).</summary>
    public long TapReceivedFrames() =>
        long.Parse(Exec("cat", $"/sys/class/net/{Tap}/statistics/rx_packets").Trim());

    /// <summary>A counter of the namespace's TCP statistics (/proc/net/snmp "Tcp:" lines), e.g. RetransSegs.</summary>
    public long TcpCounter(string name)
    {
        var lines = Exec("cat", "/proc/net/snmp").Split('\n').Where(l => l.StartsWith("Tcp:", StringComparison.Ordinal)).ToArray();
        if (lines.Length < 2) throw new BenchException("no Tcp lines in /proc/net/snmp");
        int column = Array.IndexOf(lines[0].Split(' '), name);
        if (column < 0) throw new BenchException($"no {name} in /proc/net/snmp");
        return long.Parse(lines[1].Split(' ')[column]);
    }

    public string Exec(string file, params string[] args) => Exec(TimeSpan.FromSeconds(30), file, args);

    /// <summary>Runs a program inside the namespace, requires exit 0 within <paramref name="limit"/>, returns its output.</summary>
    public string Exec(TimeSpan limit, string file, params string[] args) => Run(limit, "ip", [.. ExecPrefix, file, .. args]);

    public void Dispose()
    {
        Cleanup.Unregister(this);
        Run(TimeSpan.FromSeconds(30), "ip", "netns", "delete", Name);
    }

    private static string Run(string file, params string[] args) => Run(TimeSpan.FromSeconds(30), file, args);

    private static string Run(TimeSpan limit, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = ProcessStarter.Start(psi);
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(limit)) { p.Kill(true); throw new BenchException($"{file} {string.Join(' ', args)}: timed out"); }
        if (p.ExitCode != 0) throw new BenchException($"{file} {string.Join(' ', args)}: {stderr.Result.Trim()}");
        return stdout;
    }
}
