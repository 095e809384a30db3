using System.Diagnostics;
using System.Text;

namespace Solo5Net.Tests.EchoServer.EndToEnd;

/// <summary>A long-running process (the tender, the device emulator) whose output is collected while
/// it runs; disposing kills it and its children.</summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process) => _process = process;

    public string Name { get; private init; } = "";

    public static BackgroundProcess Start(string name, string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        var bp = new BackgroundProcess(p) { Name = name };
        p.OutputDataReceived += (_, e) => bp.Append(e.Data);
        p.ErrorDataReceived += (_, e) => bp.Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return bp;
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until the output contains <paramref name="text"/>; false if the process ended
    /// first or the time ran out.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited)
            {
                _process.WaitForExit();
                return Output.Contains(text, StringComparison.Ordinal);
            }
            Thread.Sleep(50);
        }
        return false;
    }

    public string Describe() => $"--- {Name} ({(HasExited ? "exited " + _process.ExitCode : "running")})\n{Output}";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_output) _output.Append(line).Append('\n');
    }
}
