using Solo5Net.TestSupport;

namespace Solo5Net.Tests.EchoServer.EndToEnd;

/// <summary>
/// One hvt-devemu e1000 with <c>clients</c> slots on tap0 (host side 10.0.0.1/24) in a private
/// network namespace, and echo unikernels that come and go on it, each with an address of its own.
/// Clients run inside the namespace.
/// </summary>
public sealed class SharedNicRig : IDisposable
{
    private const string Tap = "tap0";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly NetNamespace _ns;
    private readonly List<BackgroundProcess> _unikernels = [];

    public SharedNicRig(int clients)
    {
        _ns = NetNamespace.Create();
        try
        {
            _ns.AddTap(Tap, "10.0.0.1/24");
            DevEmu = DevEmuServer.Start("e1000", ["--clients", clients.ToString(), "--tap", Tap, "--mac", "02:00:00:00:00:02"], _ns);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public DevEmuServer DevEmu { get; } = null!;

    /// <summary>Starts an echo unikernel at <paramref name="address"/> (/24) on the shared NIC, with
    /// <paramref name="guestArgs"/> after its address; returns once it is up.</summary>
    public BackgroundProcess Start(string address, params string[] guestArgs)
    {
        var tender = BackgroundProcess.StartTool("hvt-tender",
            ["--pci-dev:net0=vfio-user:" + DevEmu.SocketPath, "--pci-dma:net0=16M", EchoImages.Pci, "--ipv4=" + address + "/24", .. guestArgs], _ns);
        _unikernels.Add(tender);
        if (!tender.WaitForOutput("echo: e1000 up", StartTimeout))
            throw new InvalidOperationException($"the unikernel at {address} did not come up\n{Describe()}");
        return tender;
    }

    /// <summary>Runs the echo client (examples/EchoServer/tools/echo-client.py) in the namespace.</summary>
    public ProcessResult Client(params string[] args) =>
        _ns.Run("python3", [Repo.PathOf("examples", "EchoServer", "tools", "echo-client.py"), .. args], TimeSpan.FromSeconds(150));

    public ProcessResult Ping(string address, int count) =>
        _ns.Run("ping", ["-c", count.ToString(), "-i", "0.2", "-W", "5", address], TimeSpan.FromSeconds(60));

    /// <summary>Starts a process in the namespace that runs alongside the test (e.g. a flood).</summary>
    public BackgroundProcess Background(string name, string file, params string[] args)
    {
        var process = BackgroundProcess.Start(name, file, args, _ns);
        _unikernels.Add(process);
        return process;
    }

    /// <summary>Everything the processes printed, for failure messages.</summary>
    public string Describe() => string.Join("\n", new[] { DevEmu?.Describe() }.Concat(_unikernels.Select(u => u.Describe())).OfType<string>());

    public void Dispose()
    {
        foreach (var unikernel in _unikernels) unikernel.Dispose();
        DevEmu?.Dispose();
        _ns.Dispose();
    }
}
