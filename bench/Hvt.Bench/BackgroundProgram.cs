using System.Diagnostics;
using System.Text;

namespace Solo5Net.Bench;

/// <summary>A long-running program (hvt-devemu, an echo unikernel under hvt-tender) whose output
/// is collected; disposing kills it and waits for it.</summary>
public sealed class BackgroundProgram : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _name;

    public BackgroundProgram(string name, string file, IEnumerable<string> args)
    {
        _name = name;
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = ProcessStarter.Start(psi);
        Cleanup.Register(this);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Waits until the program printed <paramref name="text"/>; fails if it exits first or the time runs out.</summary>
    public void WaitFor(string text, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || clock.Elapsed > limit)
                throw new BenchException($"{_name} did not print \"{text}\" ({(_process.HasExited ? $"exited {_process.ExitCode}" : "timed out")}):\n{Output}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits for the program to exit by itself; true if it exited 0 in time.</summary>
    public bool WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit)) return false;
        _process.WaitForExit();
        return _process.ExitCode == 0;
    }

    /// <summary>Asks the program to stop (SIGINT, as Ctrl-C) and waits for it; kills it if it does not.</summary>
    public void Interrupt(TimeSpan limit) => Stop("-INT", limit);

    /// <summary>Stops the program with SIGTERM, so a .NET program removes its runtime files from the
    /// temporary directory; kills it if it is still there after a few seconds.</summary>
    public void Dispose()
    {
        Cleanup.Unregister(this);
        Stop("-TERM", TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private void Stop(string signal, TimeSpan limit)
    {
        if (!_process.HasExited)
        {
            using (var kill = ProcessStarter.Start(new ProcessStartInfo("kill", [signal, _process.Id.ToString()])))
                kill.WaitForExit();
            if (!_process.WaitForExit(limit)) _process.Kill(true);
        }
        _process.WaitForExit();
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_output) _output.AppendLine(line);
    }
}
