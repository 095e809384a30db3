namespace Solo5Net.TestSupport;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public string Output => Stdout + Stderr;
    public override string ToString() => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs a process to completion with a bound on its time; kills it (and its children) on timeout.</summary>
public static class ProcessRunner
{
    /// <summary>How long the end of the output may take to arrive after the exit.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    public static ProcessResult Run(string file, IEnumerable<string> args, TimeSpan? timeout = null,
        string? stdin = null, string? workingDirectory = null, IDictionary<string, string>? env = null)
    {
        var psi = ProcessLaunch.Info(file, args, env);
        psi.RedirectStandardInput = stdin != null;
        psi.WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
        using var p = ProcessLaunch.Start(psi);
        var output = new ProcessOutput(watched: false);
        output.Attach(p);
        if (stdin != null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        var done = p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60));
        if (!done)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit(DrainLimit);
        }
        output.WaitForEnd(DrainLimit);
        return new ProcessResult(done ? p.ExitCode : -1, output.Stdout, output.Stderr, !done);
    }

    /// <summary>Runs one of the project's .NET tools (see <see cref="Repo.Tool"/>).</summary>
    public static ProcessResult RunTool(string tool, IEnumerable<string> args, TimeSpan? timeout = null,
        string? stdin = null, IDictionary<string, string>? env = null)
    {
        var (file, prefix) = Repo.Tool(tool);
        return Run(file, prefix.Concat(args), timeout, stdin, env: env);
    }
}
