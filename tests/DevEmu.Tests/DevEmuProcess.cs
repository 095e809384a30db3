using System.Diagnostics;
using System.Text;
using Solo5Net.Interop;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// A real hvt-devemu process serving on a temporary socket (optionally inside a network namespace).
/// Disposing stops it with SIGTERM (SIGKILL if it does not exit in time) and removes the directory.
/// </summary>
public sealed class DevEmuProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly string _directory;

    private DevEmuProcess(Process process, string directory, string socketPath)
    {
        _process = process;
        _directory = directory;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public static DevEmuProcess Start(string device, IEnumerable<string>? extraArgs = null, NetNamespace? netns = null, string? socketPath = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "devemu-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        socketPath ??= Path.Combine(directory, "dev.sock");
        var (file, prefix) = Repo.Tool("hvt-devemu");
        var args = new List<string>();
        if (netns != null)
        {
            args.AddRange(netns.ExecPrefix);
            args.Add(file);
            file = "ip";
        }
        args.AddRange(prefix);
        args.AddRange([device, "--socket", socketPath, "--verbose"]);
        if (extraArgs != null) args.AddRange(extraArgs);
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start hvt-devemu");
        var server = new DevEmuProcess(process, directory, socketPath);
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (server._stderr) server._stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        server.WaitForSocket();
        return server;
    }

    /// <summary>Sends SIGTERM and waits (bounded) for the exit code.</summary>
    public int Stop(int timeoutMs = 10000)
    {
        if (!_process.HasExited) Libc.Kill(_process.Id, 15);
        return WaitForExit(timeoutMs);
    }

    /// <summary>Waits (bounded) for the process to exit by itself; -1 if it did not.</summary>
    public int WaitForExit(int timeoutMs = 10000)
    {
        if (!_process.WaitForExit(timeoutMs)) return -1;
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { Libc.Kill(_process.Id, 15); } catch (SystemCallException) { }
            if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private void WaitForSocket()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // bind() creates the file a moment before listen(): wait for the server to say it listens.
        while (!Stderr.Contains("listening on " + SocketPath))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"hvt-devemu exited with {_process.ExitCode} before listening: {Stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"hvt-devemu did not create {SocketPath}: {Stderr}");
            Thread.Sleep(20);
        }
    }
}
