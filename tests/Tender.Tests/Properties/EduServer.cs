using System.Diagnostics;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Properties;

/// <summary>A real `hvt-devemu edu` process on a private socket; killed on Dispose.</summary>
internal sealed class EduServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    public string SocketPath { get; }

    private EduServer(Process process, string directory, string socketPath)
    {
        _process = process;
        _directory = directory;
        SocketPath = socketPath;
    }

    public static EduServer Start()
    {
        var directory = Directory.CreateTempSubdirectory("tender-edu-").FullName;
        var socket = Path.Combine(directory, "edu.sock");
        var (file, prefix) = Repo.Tool("hvt-devemu");
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in prefix.Concat(["edu", "--socket", socket])) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start hvt-devemu");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new EduServer(process, directory, socket);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(socket))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new InvalidOperationException($"hvt-devemu edu did not create {socket}");
            }
            Thread.Sleep(20);
        }
        return server;
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
