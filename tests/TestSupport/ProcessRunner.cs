using System.Diagnostics;
using System.Text;

namespace Solo5Net.TestSupport;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public string Output => Stdout + Stderr;
    public override string ToString() => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs a process to completion with a bound on its time; kills it (and its children) on timeout.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string file, IEnumerable<string> args, TimeSpan? timeout = null,
        string? stdin = null, string? workingDirectory = null, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            RedirectStandardInput = stdin != null, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        var so = new StringBuilder(); var se = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (so) so.Append(e.Data).Append('\n'); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (se) se.Append(e.Data).Append('\n'); };
        p.BeginOutputReadLine(); p.BeginErrorReadLine();
        if (stdin != null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        var done = p.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(60)).TotalMilliseconds);
        if (!done) { try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } p.WaitForExit(); }
        else p.WaitForExit();
        return new ProcessResult(done ? p.ExitCode : -1, so.ToString(), se.ToString(), !done);
    }

    /// <summary>Runs one of the project's .NET tools (see <see cref="Repo.Tool"/>).</summary>
    public static ProcessResult RunTool(string tool, IEnumerable<string> args, TimeSpan? timeout = null,
        string? stdin = null, IDictionary<string, string>? env = null)
    {
        var (file, prefix) = Repo.Tool(tool);
        return Run(file, prefix.Concat(args), timeout, stdin, env: env);
    }
}
