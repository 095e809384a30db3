using System.Diagnostics;
using Solo5Net.Interop;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>
/// A tender running in the background with its process id, its own environment (e.g. a private
/// TMPDIR) and optionally inside a network namespace (`ip netns exec` execs in place, so the pid is
/// the tender's), for tests that look at it from outside while the guest runs.
/// </summary>
public sealed class BackgroundTender : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private BackgroundTender(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Pid => _process.Id;

    public static BackgroundTender Start(IEnumerable<string> tenderArgs, NetNamespace? ns = null, IDictionary<string, string>? env = null)
    {
        var (file, prefix) = Repo.Tool("hvt-tender");
        var psi = new ProcessStartInfo(ns == null ? file : "ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        var args = ns == null ? prefix.Concat(tenderArgs) : ns.ExecPrefix.Append(file).Concat(prefix).Concat(tenderArgs);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return new BackgroundTender(Process.Start(psi)!);
    }

    /// <summary>Reads guest output until a line equals <paramref name="line"/> (bounded).</summary>
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

    /// <summary>Sends <paramref name="signal"/>, waits (bounded) for the exit; returns (exit code, stderr).</summary>
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
