using System.Diagnostics;
using FluentAssertions;
using Solo5Net.Interop;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Support;

/// <summary>A tender started in the background (optionally through `ip netns exec`, which execs in
/// place, so the process is the tender itself), for tests that signal it while the guest runs.</summary>
public sealed class RunningTender : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private RunningTender(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <param name="inheritSigintIgnored">start the tender the way a non-interactive shell starts a
    /// background job: with SIGINT ignored (an ignored disposition survives exec).</param>
    public static RunningTender Start(IEnumerable<string> tenderArgs, NetNamespace? ns = null, bool inheritSigintIgnored = false)
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
        return new RunningTender(Process.Start(psi)!);
    }

    /// <summary>Reads guest output lines until one equals <paramref name="line"/> (bounded).</summary>
    public void WaitForLine(string line)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var next = _process.StandardOutput.ReadLineAsync();
            if (!next.Wait(deadline - DateTime.UtcNow) || next.Result == null) break;
            if (next.Result == line) return;
        }
        throw new TimeoutException($"the guest never printed '{line}'");
    }

    /// <summary>Sends <paramref name="signal"/> and waits (bounded) for the exit; returns (exit code, stderr).</summary>
    public (int ExitCode, string Stderr) SignalAndWait(int signal)
    {
        Libc.Kill(_process.Id, signal);
        _process.WaitForExit(30_000).Should().BeTrue("the tender must stop on the signal");
        _stderr.Wait(TimeSpan.FromSeconds(10));
        return (_process.ExitCode, _stderr.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
