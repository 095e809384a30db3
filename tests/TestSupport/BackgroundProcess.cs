using System.Diagnostics;
using Solo5Net.Interop;

namespace Solo5Net.TestSupport;

/// <summary>
/// A long-running process (the tender, the device emulator, perf) whose output is collected while it
/// runs, optionally started inside a network namespace (`ip netns exec` execs in place, so
/// <see cref="Pid"/> is the program's own) and with extra environment. Every wait is bounded.
/// Disposing stops it with SIGTERM (so a .NET program removes its runtime files), then kills its
/// process tree if it is still there after a few seconds.
/// </summary>
public sealed class BackgroundProcess : IDisposable
{
    public const int Sigint = 2, Sigterm = 15;
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReapLimit = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly ProcessOutput _output = new(watched: true);
    private int _disposed;

    private BackgroundProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        Pid = process.Id;
        LiveHarnesses.Add(this);
        _output.Attach(process);
    }

    /// <param name="name">What failure messages call the process.</param>
    /// <param name="ns">Start it inside this namespace.</param>
    /// <param name="env">Variables added to the inherited environment (e.g. a private TMPDIR).</param>
    /// <param name="sigintIgnored">Start it the way a non-interactive shell starts a background job:
    /// with SIGINT ignored (an ignored disposition survives exec).</param>
    public static BackgroundProcess Start(string name, string file, IEnumerable<string> args, NetNamespace? ns = null,
        IDictionary<string, string>? env = null, bool sigintIgnored = false)
    {
        IEnumerable<string> command = ns == null ? [file, .. args] : ns.Command(file, args);
        if (sigintIgnored) command = ["bash", "-c", "trap '' INT; exec \"$0\" \"$@\"", .. command];
        var argv = command.ToArray();
        var psi = ProcessLaunch.Info(argv[0], argv[1..], env);
        psi.RedirectStandardInput = true;
        return new BackgroundProcess(name, ProcessLaunch.Start(psi));
    }

    /// <summary>Starts one of the project's executables (see <see cref="Repo.Tool"/>).</summary>
    public static BackgroundProcess StartTool(string tool, IEnumerable<string> args, NetNamespace? ns = null,
        IDictionary<string, string>? env = null, bool sigintIgnored = false)
    {
        var (file, prefix) = Repo.Tool(tool);
        return Start(tool, file, prefix.Concat(args), ns, env, sigintIgnored);
    }

    public string Name { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string Stdout => _output.Stdout;

    public string Stderr => _output.Stderr;

    /// <summary>Both streams, line by line in the order they arrived.</summary>
    public string Output => _output.All;

    /// <summary>Waits until the process has printed <paramref name="text"/> on either stream; false
    /// if it ended first or the time ran out.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout) => _output.WaitForText(text, timeout);

    /// <summary>Reads stdout lines, from where the previous call stopped, until one equals
    /// <paramref name="line"/>; fails if the process ends first or the time (default 60 s) runs out.</summary>
    public void WaitForLine(string line, TimeSpan? timeout = null)
    {
        if (!_output.WaitForLine(line, timeout ?? DefaultWait))
            throw new HarnessException($"{Name} never printed the line '{line}' ({State}); stderr so far:\n{Stderr}");
    }

    /// <summary>The next stdout line not read yet (by this or <see cref="WaitForLine"/>); null once the
    /// process ended its output or the time ran out.</summary>
    public string? NextLine(TimeSpan timeout) => _output.NextLine(timeout);

    public void Signal(int signal)
    {
        if (_process.HasExited) return;
        try
        {
            Libc.Kill(Pid, signal);
        }
        catch (SystemCallException e) when (e.ErrorNumber == Errno.ESRCH)
        {
            // It exited between the check and the signal.
        }
    }

    /// <summary>Waits for the exit and the end of its output; the exit code, or null if it is still running.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return null;
        _output.WaitForEnd(ReapLimit);
        return _process.ExitCode;
    }

    /// <summary>Sends <paramref name="signal"/> and waits (default 30 s) for the exit; fails if it does not come.</summary>
    public (int ExitCode, string Stderr) SignalAndWait(int signal, TimeSpan? timeout = null)
    {
        Signal(signal);
        var code = WaitForExit(timeout ?? TimeSpan.FromSeconds(30))
                   ?? throw new HarnessException($"{Name} did not stop on signal {signal}:\n{Output}");
        return (code, Stderr);
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills the process tree.</summary>
    public void Stop(int signal, TimeSpan grace)
    {
        if (_process.HasExited) return;
        Signal(signal);
        if (WaitForExit(grace) == null) Kill();
    }

    /// <summary>Kills the process and its children now (SIGKILL) and waits for them.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        WaitForExit(ReapLimit);
    }

    public Dictionary<string, string> Status(int? thread = null) => ProcFs.Status(Pid, thread);

    public IReadOnlyList<int> Threads() => ProcFs.Threads(Pid);

    /// <summary>Name, state and everything printed, for failure messages.</summary>
    public string Describe() => $"--- {Name} ({State})\n{Output}";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        LiveHarnesses.Remove(this);
        Stop(Sigterm, StopGrace);
        _process.Dispose();
    }

    private string State => ExitCode is { } code ? $"exited {code}" : "running";
}
