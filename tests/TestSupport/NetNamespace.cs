namespace Solo5Net.TestSupport;

/// <summary>
/// A private network namespace for one test: its own taps and addresses, so test traffic never
/// leaves it. Disposing deletes the namespace and everything in it.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    public string Name { get; }

    private NetNamespace(string name) => Name = name;

    public static NetNamespace Create()
    {
        var ns = new NetNamespace("s5n" + Guid.NewGuid().ToString("N")[..10]);
        Ip("netns", "add", ns.Name);
        ns.Exec("ip", "link", "set", "lo", "up");
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

    /// <summary>Runs a command inside the namespace and requires it to succeed.</summary>
    public ProcessResult Exec(string file, params string[] args)
    {
        var r = Run(file, args, TimeSpan.FromSeconds(30));
        if (r.ExitCode != 0) throw new InvalidOperationException($"in netns {Name}: {file} {string.Join(' ', args)}: {r}");
        return r;
    }

    /// <summary>Runs a command inside the namespace and returns its result, whatever it is.</summary>
    public ProcessResult Run(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null)
    {
        if (!file.Contains('/')) TestEnvironment.RequireTool(file);
        return ProcessRunner.Run("ip", new[] { "netns", "exec", Name, file }.Concat(args), timeout, stdin);
    }

    /// <summary>Argument prefix to start a long-running process in the namespace yourself: ip netns exec NAME …</summary>
    public string[] ExecPrefix => ["netns", "exec", Name];

    public void Dispose() => ProcessRunner.Run("ip", ["netns", "delete", Name], TimeSpan.FromSeconds(30));

    private static void Ip(params string[] args)
    {
        var r = ProcessRunner.Run("ip", args, TimeSpan.FromSeconds(30));
        if (r.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {r}");
    }
}
