using System.Diagnostics;
using System.Text;

namespace Solo5Net.TestSupport;

/// <summary>What a running process prints, collected line by line from both streams as it arrives;
/// every wait on it is bounded.</summary>
/// <param name="watched">Also keep both streams in order of arrival and stdout's lines one by one,
/// for a process someone watches while it runs (a run to completion needs neither, and a large
/// output would be held three times).</param>
internal sealed class ProcessOutput(bool watched)
{
    private readonly object _gate = new();
    private readonly StringBuilder _stdout = new(), _stderr = new(), _all = new();
    private readonly List<string> _stdoutLines = [];
    private int _consumedLines;
    private int _openStreams = 2;

    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data, _stdout);
        process.ErrorDataReceived += (_, e) => Add(e.Data, _stderr);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }

    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }

    public string All { get { lock (_gate) return _all.ToString(); } }

    /// <summary>Both streams are at their end: the process exited (or closed them).</summary>
    public bool Ended { get { lock (_gate) return _openStreams == 0; } }

    /// <summary>Waits until either stream has printed <paramref name="text"/>; false if the output ended first or the time ran out.</summary>
    public bool WaitForText(string text, TimeSpan timeout) =>
        WaitUntil(() => _all.ToString().Contains(text, StringComparison.Ordinal), timeout);

    /// <summary>Reads stdout lines, from where the previous call stopped, until one equals
    /// <paramref name="line"/>; false if the output ended first or the time ran out.</summary>
    public bool WaitForLine(string line, TimeSpan timeout) => WaitUntil(() =>
    {
        while (_consumedLines < _stdoutLines.Count)
            if (_stdoutLines[_consumedLines++] == line) return true;
        return false;
    }, timeout);

    /// <summary>The next stdout line not read yet; null once the output ended or the time ran out.</summary>
    public string? NextLine(TimeSpan timeout)
    {
        if (!WaitUntil(() => _consumedLines < _stdoutLines.Count, timeout)) return null;
        lock (_gate) return _stdoutLines[_consumedLines++];
    }

    public bool WaitForEnd(TimeSpan timeout) => WaitUntil(() => _openStreams == 0, timeout);

    private bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                if (condition()) return true;
                var left = timeout - clock.Elapsed;
                if (_openStreams == 0 || left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }
        }
    }

    private void Add(string? line, StringBuilder stream)
    {
        lock (_gate)
        {
            if (line == null) _openStreams--;
            else
            {
                stream.Append(line).Append('\n');
                if (watched)
                {
                    _all.Append(line).Append('\n');
                    if (stream == _stdout) _stdoutLines.Add(line);
                }
            }
            Monitor.PulseAll(_gate);
        }
    }
}
