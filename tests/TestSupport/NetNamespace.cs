namespace Solo5Net.TestSupport;

/// <summary>
/// A private network namespace for one test or benchmark: its own taps and addresses, so its traffic
/// never leaves it. Disposing deletes the namespace and everything in it.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(30);
    private int _disposed;

    public string Name { get; }

    private NetNamespace(string name) => Name = name;

    /// <param name="prefix">Starts the name, so that a leftover namespace tells whose it was.</param>
    public static NetNamespace Create(string prefix = "s5n")
    {
        var ns = new NetNamespace(prefix + Guid.NewGuid().ToString("N")[..10]);
        var add = ProcessRunner.Run("ip", ["netns", "add", ns.Name], CommandLimit);
        if (add.ExitCode != 0) throw new HarnessException($"ip netns add {ns.Name}: {add.Stderr.Trim()}");
        LiveHarnesses.Add(ns);
        try
        {
            ns.Exec("ip", "link", "set", "lo", "up");
        }
        catch
        {
            ns.Dispose();
            throw;
        }
        return ns;
    }

    /// <summary>Creates a tap inside the namespace, gives the host side <paramref name="cidr"/>, brings it up.</summary>
    public void AddTap(string tap, string? cidr = null, int? mtu = null)
    {
        Exec("ip", "tuntap", "add", "dev", tap, "mode", "tap");
        if (cidr != null) Exec("ip", "addr", "add", cidr, "dev", tap);
        if (mtu != null) Exec("ip", "link", "set", "dev", tap, "mtu", mtu.Value.ToString());
        Exec("ip", "link", "set", "dev", tap, "up");
    }

    /// <summary>Runs a command inside the namespace and requires it to succeed within 30 s.</summary>
    public ProcessResult Exec(string file, params string[] args) => Exec(CommandLimit, file, args);

    /// <summary>Runs a command inside the namespace and requires it to succeed within <paramref name="timeout"/>.</summary>
    public ProcessResult Exec(TimeSpan timeout, string file, params string[] args)
    {
        var r = Run(file, args, timeout);
        if (r.ExitCode != 0)
            throw new HarnessException($"in netns {Name}: {string.Join(' ', [file, .. args])}: " +
                                       (r.TimedOut ? "timed out" : $"exit {r.ExitCode}: {r.Stderr.Trim()}"));
        return r;
    }

    /// <summary>Runs a command inside the namespace and returns its result, whatever it is.</summary>
    public ProcessResult Run(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null)
    {
        if (!file.Contains('/')) TestEnvironment.RequireTool(file);
        var command = Command(file, args);
        return ProcessRunner.Run(command[0], command[1..], timeout, stdin);
    }

    /// <summary>Runs one of the project's executables (see <see cref="Repo.Tool"/>) inside the namespace.</summary>
    public ProcessResult RunTool(string tool, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var (file, prefix) = Repo.Tool(tool);
        return Run(file, prefix.Concat(args), timeout);
    }

    /// <summary>Argument prefix to start a program in the namespace yourself: ip netns exec NAME …</summary>
    public string[] ExecPrefix => ["netns", "exec", Name];

    /// <summary>The command line that runs <paramref name="file"/> inside the namespace.</summary>
    public string[] Command(string file, IEnumerable<string> args) => ["ip", .. ExecPrefix, file, .. args];

    /// <summary>Frames the host side of <paramref name="tap"/> has received (what guests sent).</summary>
    public long TapReceivedFrames(string tap) =>
        long.Parse(Exec("cat", $"/sys/class/net/{tap}/statistics/rx_packets").Stdout.Trim());

    /// <summary>A counter of the namespace's TCP statistics (/proc/net/snmp "Tcp:" lines), e.g. RetransSegs.</summary>
    public long TcpCounter(string name)
    {
        var lines = Exec("cat", "/proc/net/snmp").Stdout.Split('\n').Where(l => l.StartsWith("Tcp:", StringComparison.Ordinal)).ToArray();
        if (lines.Length < 2) throw new HarnessException($"in netns {Name}: no Tcp lines in /proc/net/snmp");
        int column = Array.IndexOf(lines[0].Split(' '), name);
        if (column < 0) throw new HarnessException($"in netns {Name}: no {name} in /proc/net/snmp");
        return long.Parse(lines[1].Split(' ')[column]);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        LiveHarnesses.Remove(this);
        ProcessRunner.Run("ip", ["netns", "delete", Name], CommandLimit);
    }
}
