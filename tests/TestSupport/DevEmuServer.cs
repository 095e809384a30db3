namespace Solo5Net.TestSupport;

/// <summary>
/// A real `hvt-devemu` process serving a device (edu, e1000 …) on a socket in a private temporary
/// directory, optionally inside a network namespace; started means listening. It serves clients one
/// after another (or several at once with --clients) until it is stopped. Disposing stops it with
/// SIGTERM (killing it if it does not exit in time) and removes the directory.
/// </summary>
public sealed class DevEmuServer : IDisposable
{
    private static readonly TimeSpan ListenLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly BackgroundProcess _process;
    private readonly string _directory;
    private int _disposed;

    private DevEmuServer(BackgroundProcess process, string directory, string socketPath)
    {
        _process = process;
        _directory = directory;
        SocketPath = socketPath;
        LiveHarnesses.Add(this);
    }

    public string SocketPath { get; }

    /// <summary>What the server printed on stderr: its log, and its counters once it exited.</summary>
    public string Stderr => _process.Stderr;

    public bool HasExited => _process.HasExited;

    /// <summary>The server's process id (for /proc/PID/fd).</summary>
    public int Pid => _process.Pid;

    /// <param name="dmaLatencyMs">How long a DMA takes (0: at once; QEMU's edu takes 100 ms).</param>
    /// <param name="msixVectors">MSI-X vectors beside MSI (0: none, as the real edu).</param>
    public static DevEmuServer StartEdu(int dmaMaskBits = 64, int dmaLatencyMs = 0, int msixVectors = 0) =>
        Start("edu", ["--dma-mask-bits", dmaMaskBits.ToString(),
            .. dmaLatencyMs > 0 ? ["--dma-latency-ms", dmaLatencyMs.ToString()] : Array.Empty<string>(),
            .. msixVectors > 0 ? ["--msix", msixVectors.ToString()] : Array.Empty<string>()]);

    /// <param name="device">The device command: edu, e1000.</param>
    /// <param name="args">The device's options after --socket (and --verbose).</param>
    /// <param name="socketPath">Where to listen; default: DEVICE.sock in the server's temporary directory.</param>
    /// <param name="executable">An hvt-devemu of the caller's choosing; default: the one the project built.</param>
    public static DevEmuServer Start(string device, IEnumerable<string>? args = null, NetNamespace? ns = null,
        string? socketPath = null, bool verbose = false, string? executable = null)
    {
        var directory = Directory.CreateTempSubdirectory("devemu-").FullName;
        socketPath ??= Path.Combine(directory, device + ".sock");
        var (file, prefix) = executable != null ? (executable, []) : Repo.Tool("hvt-devemu");
        string[] all = [.. prefix, device, "--socket", socketPath, .. verbose ? ["--verbose"] : Array.Empty<string>(), .. args ?? []];
        BackgroundProcess process;
        try
        {
            process = BackgroundProcess.Start("hvt-devemu " + device, file, all, ns);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
        var server = new DevEmuServer(process, directory, socketPath);
        // bind() creates the file a moment before listen(): wait for the server to say it listens.
        if (!process.WaitForOutput("listening on " + socketPath, ListenLimit))
        {
            var failure = $"hvt-devemu {device} did not listen on {socketPath}:\n{process.Describe()}";
            server.Dispose();
            throw new HarnessException(failure);
        }
        return server;
    }

    /// <summary>Waits (default 10 s) for client <paramref name="client"/> (1 for the first to connect) to
    /// be gone: the server has printed its counters (if it sent anything) and released its device
    /// instance, DMA mappings and descriptors. False if that did not happen in time.</summary>
    public bool WaitForClientToLeave(int client = 1, TimeSpan? timeout = null) =>
        _process.WaitForOutput($"client {client} disconnected", timeout ?? DefaultWait);

    /// <summary>Waits (default 10 s) for the server to print <paramref name="text"/>.</summary>
    public bool WaitForOutput(string text, TimeSpan? timeout = null) => _process.WaitForOutput(text, timeout ?? DefaultWait);

    /// <summary>Waits (default 10 s) for the server to exit by itself (it does only on a signal or a
    /// failure); the exit code, or null if it is still running.</summary>
    public int? WaitForExit(TimeSpan? timeout = null) => _process.WaitForExit(timeout ?? DefaultWait);

    /// <summary>Sends SIGTERM and waits (default 10 s) for the exit; the exit code, or null if it is still running.</summary>
    public int? Stop(TimeSpan? timeout = null)
    {
        _process.Signal(BackgroundProcess.Sigterm);
        return WaitForExit(timeout);
    }

    /// <summary>Sends <paramref name="signal"/>, e.g. SIGSTOP to make a server that stops reading (and SIGCONT).</summary>
    public void Signal(int signal) => _process.Signal(signal);

    /// <summary>Kills the server (SIGKILL): it dies without closing anything itself.</summary>
    public void Kill() => _process.Kill();

    public string Describe() => _process.Describe();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        LiveHarnesses.Remove(this);
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
