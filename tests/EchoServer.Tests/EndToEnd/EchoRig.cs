using Solo5Net.TestSupport;

namespace Solo5Net.Tests.EchoServer.EndToEnd;

/// <summary>
/// A running echo unikernel in a private network namespace: a tap with the host side 10.0.0.1/24,
/// and either hvt-devemu's e1000 on that tap plus the tender attaching it over vfio-user (PCI), or
/// the tender attaching the tap as NET_BASIC. Clients run inside the namespace.
/// </summary>
public sealed class EchoRig : IDisposable
{
    public const string GuestAddress = "10.0.0.2";
    private const string Tap = "tap0";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly NetNamespace _ns;
    private readonly List<BackgroundProcess> _processes = [];
    private string? _socket;

    private EchoRig(NetNamespace ns) => _ns = ns;

    public BackgroundProcess Tender => _processes[^1];

    public static EchoRig StartPci(params string[] guestArgs)
    {
        var rig = new EchoRig(NetNamespace.Create());
        try
        {
            rig._ns.AddTap(Tap, "10.0.0.1/24");
            rig._socket = Path.Combine(Path.GetTempPath(), $"s5n-echo-{Guid.NewGuid():N}.sock");
            var devemu = rig.Launch("hvt-devemu", Repo.Tool("hvt-devemu"),
                ["e1000", "--socket", rig._socket, "--tap", Tap, "--mac", "02:00:00:00:00:02"]);
            if (!WaitFor(() => File.Exists(rig._socket) || devemu.HasExited, TimeSpan.FromSeconds(30)) || devemu.HasExited)
                throw new InvalidOperationException("hvt-devemu did not create its socket\n" + devemu.Describe());
            rig.Launch("hvt-tender", Repo.Tool("hvt-tender"),
                ["--pci-dev:net0=vfio-user:" + rig._socket, "--pci-dma:net0=16M", EchoImages.Pci,
                 "--ipv4=" + GuestAddress + "/24", .. guestArgs]);
            rig.WaitUntilUp("echo: e1000 up");
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
            rig.Launch("hvt-tender", Repo.Tool("hvt-tender"),
                ["--net:service=" + Tap, EchoImages.NetBasic, "--ipv4=" + GuestAddress + "/24", .. guestArgs]);
            rig.WaitUntilUp("echo: net up");
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

    /// <summary>Everything the processes printed, for failure messages.</summary>
    public string Describe() => string.Join("\n", _processes.Select(p => p.Describe()));

    public void Dispose()
    {
        for (var i = _processes.Count - 1; i >= 0; i--) _processes[i].Dispose();
        _ns.Dispose();
        if (_socket != null) File.Delete(_socket);
    }

    private BackgroundProcess Launch(string name, (string File, string[] Prefix) tool, string[] args)
    {
        var p = BackgroundProcess.Start(name, "ip", [.. _ns.ExecPrefix, tool.File, .. tool.Prefix, .. args]);
        _processes.Add(p);
        return p;
    }

    private void WaitUntilUp(string banner)
    {
        if (!Tender.WaitForOutput(banner, StartTimeout))
            throw new InvalidOperationException($"the unikernel did not print \"{banner}\"\n{Describe()}");
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (condition()) return true;
            Thread.Sleep(50);
        }
        return condition();
    }
}
