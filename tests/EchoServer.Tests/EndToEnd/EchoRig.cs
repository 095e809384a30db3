using Solo5Net.TestSupport;

namespace Solo5Net.Tests.EchoServer.EndToEnd;

/// <summary>
/// A running echo unikernel in a private network namespace: a tap with the host side 10.0.0.1/24,
/// and either an hvt-devemu network card (e1000 or virtio-net) on that tap plus the tender attaching
/// it over vfio-user (PCI), or the tender attaching the tap as NET_BASIC. Clients run inside the namespace.
/// </summary>
public sealed class EchoRig : IDisposable
{
    public const string GuestAddress = "10.0.0.2";
    private const string Tap = "tap0";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly NetNamespace _ns;
    private DevEmuServer? _devemu;
    private BackgroundProcess? _tender;

    private EchoRig(NetNamespace ns) => _ns = ns;

    /// <summary>EchoServer.hvt on hvt-devemu's <paramref name="model"/> ("e1000" or "virtio-net"):
    /// the same image, its driver chosen by the device's ids.</summary>
    public static EchoRig StartPci(string model, params string[] guestArgs) => StartPciWithDeviceOptions(model, [], guestArgs);

    /// <summary>As <see cref="StartPci"/>, with more options for hvt-devemu (e.g. its fault injection).</summary>
    public static EchoRig StartPciWithDeviceOptions(string model, IReadOnlyList<string> deviceArgs, params string[] guestArgs)
    {
        var rig = new EchoRig(NetNamespace.Create());
        try
        {
            rig._ns.AddTap(Tap, "10.0.0.1/24");
            rig._devemu = DevEmuServer.Start(model, ["--tap", Tap, "--mac", "02:00:00:00:00:02", .. deviceArgs], rig._ns);
            rig.StartTender(["--pci-dev:net0=vfio-user:" + rig._devemu.SocketPath, "--pci-dma:net0=16M", EchoImages.Pci,
                "--ipv4=" + GuestAddress + "/24", .. guestArgs], "echo: " + model + " up");
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    public static EchoRig StartNetBasic(params string[] guestArgs)
    {
        var rig = new EchoRig(NetNamespace.Create());
        try
        {
            rig._ns.AddTap(Tap, "10.0.0.1/24");
            rig.StartTender(["--net:service=" + Tap, EchoImages.NetBasic, "--ipv4=" + GuestAddress + "/24", .. guestArgs], "echo: net up");
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    /// <summary>Runs the echo client (examples/EchoServer/tools/echo-client.py) in the namespace.</summary>
    public ProcessResult Client(params string[] args) =>
        _ns.Run("python3", [Repo.PathOf("examples", "EchoServer", "tools", "echo-client.py"), .. args], TimeSpan.FromSeconds(150));

    public ProcessResult Ping(int count) =>
        _ns.Run("ping", ["-c", count.ToString(), "-i", "0.2", "-W", "5", GuestAddress], TimeSpan.FromSeconds(60));

    /// <summary>Sends <paramref name="count"/> pings at once (ping -l: all preloaded, none waits for
    /// an answer) and waits up to 5 s for the answers.</summary>
    public ProcessResult PingBurst(int count) =>
        _ns.Run("ping", ["-c", count.ToString(), "-l", count.ToString(), "-W", "5", "-q", GuestAddress], TimeSpan.FromSeconds(60));

    /// <summary>What hvt-devemu printed so far (empty for NET_BASIC).</summary>
    public string DeviceStderr => _devemu?.Stderr ?? "";

    /// <summary>Stops the unikernel and returns what hvt-devemu printed once it released that
    /// client, its counters included (PCI rigs only).</summary>
    public string StopGuestAndTakeDeviceReport()
    {
        var devemu = _devemu ?? throw new InvalidOperationException("a NET_BASIC rig has no device server");
        _tender?.Dispose();
        _tender = null;
        if (!devemu.WaitForClientToLeave())
            throw new InvalidOperationException($"hvt-devemu did not report its client leaving\n{Describe()}");
        return devemu.Stderr;
    }

    /// <summary>Everything the processes printed, for failure messages.</summary>
    public string Describe() => string.Join("\n", new[] { _devemu?.Describe(), _tender?.Describe() }.OfType<string>());

    public void Dispose()
    {
        _tender?.Dispose();
        _devemu?.Dispose();
        _ns.Dispose();
    }

    private void StartTender(string[] args, string banner)
    {
        _tender = BackgroundProcess.StartTool("hvt-tender", args, _ns);
        if (!_tender.WaitForOutput(banner, StartTimeout))
            throw new InvalidOperationException($"the unikernel did not print \"{banner}\"\n{Describe()}");
    }
}
