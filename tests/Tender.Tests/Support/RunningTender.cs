using System.Diagnostics;
using Solo5Net.Interop;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Support;

/// <summary>
/// A tender running in the background, for tests that signal it or look at it from outside while
/// the guest runs: optionally with its own environment (e.g. a private TMPDIR) and inside a network
/// namespace (`ip netns exec` execs in place, so the process id is the tender's).
/// </summary>
public sealed class RunningTender : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private RunningTender(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Pid => _process.Id;

    /// <param name="inheritSigintIgnored">start the tender the way a non-interactive shell starts a
    /// background job: with SIGINT ignored (an ignored disposition survives exec).</param>
    public static RunningTender Start(IEnumerable<string> tenderArgs, NetNamespace? ns = null,
        IDictionary<string, string>? env = null, bool inheritSigintIgnored = false)
    {
        var (file, prefix) = Repo.Tool("hvt-tender");
        var psi = new ProcessStartInfo(ns == null ? file : "ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        var args = ns == null ? prefix.Concat(tenderArgs) : ns.ExecPrefix.Append(file).Concat(prefix).Concat(tenderArgs);
        if (inheritSigintIgnored)
        {
            args = new[] { "-c", "trap '' INT; exec \"$0\" \"$@\"", psi.FileName }.Concat(args);
            psi.FileName = "bash";
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return new RunningTender(Process.Start(psi)!);
    }

    /// <summary>Reads guest output lines until one equals <paramref name="line"/> (bounded).</summary>
    public void WaitForLine(string line)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var next = _process.StandardOutput.ReadLineAsync();
            if (!next.Wait(deadline - DateTime.UtcNow) || next.Result == null) break;
            if (next.Result == line) return;
        }
        throw new TimeoutException($"the guest never printed '{line}'; stderr so far: {(_stderr.IsCompleted ? _stderr.Result : "(running)")}");
    }

    /// <summary>The "Key:\tvalue" lines of /proc/PID/status (or of one thread's).</summary>
    public Dictionary<string, string> Status(int? thread = null)
    {
        var path = thread == null ? $"/proc/{Pid}/status" : $"/proc/{Pid}/task/{thread}/status";
        return File.ReadAllLines(path).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
    }

    public IReadOnlyList<int> Threads() =>
        Directory.GetDirectories($"/proc/{Pid}/task").Select(d => int.Parse(Path.GetFileName(d))).ToList();

    /// <summary>Sends <paramref name="signal"/> and waits (bounded) for the exit; returns (exit code, stderr).</summary>
    public (int ExitCode, string Stderr) SignalAndWait(int signal)
    {
        Libc.Kill(_process.Id, signal);
        if (!_process.WaitForExit(30_000)) throw new TimeoutException($"the tender did not stop on signal {signal}");
        _stderr.Wait(TimeSpan.FromSeconds(10));
        return (_process.ExitCode, _stderr.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
