using System.Diagnostics;
using System.Text;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Pci.EndToEnd;

/// <summary>A tender started in the background, so a test can look at it while it runs.</summary>
public sealed class RunningTender : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new();

    public RunningTender(IEnumerable<string> args)
    {
        var (file, prefix) = Repo.Tool("hvt-tender");
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in prefix.Concat(args)) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start hvt-tender");
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_stdout) _stdout.Append(e.Data).Append('\n'); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_stderr) _stderr.Append(e.Data).Append('\n'); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Waits (bounded) until stdout contains <paramref name="text"/>; false if the tender exits or time runs out.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.Contains(text)) return true;
            if (_process.HasExited) return Stdout.Contains(text);
            Thread.Sleep(20);
        }
        return false;
    }

    public void Signal(int signal) => ProcessRunner.Run("kill", [$"-{signal}", Pid.ToString()], TimeSpan.FromSeconds(10));

    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return null;
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
