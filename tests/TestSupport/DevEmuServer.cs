using System.Diagnostics;

namespace Solo5Net.TestSupport;

/// <summary>A real `hvt-devemu` process serving one device on a private socket; killed on Dispose.</summary>
public sealed class DevEmuServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    public string SocketPath { get; }

    private DevEmuServer(Process process, string directory, string socketPath)
    {
        _process = process;
        _directory = directory;
        SocketPath = socketPath;
    }

    public static DevEmuServer StartEdu(int dmaMaskBits = 64) => Start("edu", "--dma-mask-bits", dmaMaskBits.ToString());

    public static DevEmuServer Start(string device, params string[] extra)
    {
        var directory = Directory.CreateTempSubdirectory("devemu-").FullName;
        var socket = Path.Combine(directory, device + ".sock");
        var (file, prefix) = Repo.Tool("hvt-devemu");
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in prefix.Concat([device, "--socket", socket]).Concat(extra)) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start hvt-devemu");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new DevEmuServer(process, directory, socket);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(socket))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new InvalidOperationException($"hvt-devemu {device} did not create {socket}");
            }
            Thread.Sleep(20);
        }
        return server;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits (bounded) for the server to exit by itself, as it does when its client disconnects.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

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
