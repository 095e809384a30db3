using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// The EchoServer unikernel running in a private namespace of its own, reached at 10.0.0.2 from
/// the host side of the namespace's tap: over an emulated e1000 or virtio-net (hvt-devemu on the tap,
/// the tender attaching it over vfio-user with --pci-dev) or over NET_BASIC (the tender attaching the tap
/// with --net). Clients are hvt-bench echo-client processes started inside the namespace. Started for
/// counting, its tender counts guest instructions by the given method.
/// </summary>
public sealed class EchoRig : ICountedGuest
{
    public const string GuestAddress = "10.0.0.2";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ClientLimit = TimeSpan.FromSeconds(300);

    private readonly NetNamespace _net;
    private readonly GuestInstructionCounter? _counter;
    private DevEmuServer? _devemu;
    private BackgroundProcess? _tender;

    public string Label { get; }
    public NetNamespace Network => _net;
    public int TenderId => _tender!.Pid;
    public string Address => GuestAddress;
    public GuestInstructionCounter Counter => _counter ?? throw new InvalidOperationException($"{Label}: not started for counting");

    /// <summary>hvt-devemu's process (a rig over an emulated device only).</summary>
    public int DevEmuId => _devemu?.Pid ?? throw new InvalidOperationException("a NET_BASIC rig has no hvt-devemu");

    private EchoRig(string label, InstructionCountMethod? countedBy)
    {
        Label = label;
        _counter = countedBy is { } method ? GuestInstructionCounter.For(method) : null;
        _net = BenchNetwork.Create();
    }

    /// <summary>EchoServer.hvt on hvt-devemu's <paramref name="model"/> ("e1000" or "virtio-net") over vfio-user.</summary>
    public static EchoRig StartPci(BenchOptions o, string model, InstructionCountMethod? countedBy = null) => Start(o, model, countedBy);

    /// <summary>EchoServer-net.hvt on the tap through NET_BASIC.</summary>
    public static EchoRig StartNetBasic(BenchOptions o, InstructionCountMethod? countedBy = null) => Start(o, model: null, countedBy);

    private static EchoRig Start(BenchOptions o, string? model, InstructionCountMethod? countedBy)
    {
        var rig = new EchoRig(model != null ? $"{model} over vfio-user" : "NET_BASIC", countedBy);
        try
        {
            string[] tenderArgs;
            if (model != null)
            {
                rig._devemu = DevEmuServer.Start(model, ["--tap", BenchNetwork.Tap, "--mac", "02:00:00:00:00:02"], rig._net, executable: o.DevEmu);
                tenderArgs = ["--pci-dev:net0=vfio-user:" + rig._devemu.SocketPath, "--pci-dma:net0=16M", Path.Combine(o.EchoImages, "EchoServer.hvt")];
            }
            else
            {
                tenderArgs = ["--net:service=" + BenchNetwork.Tap, Path.Combine(o.EchoImages, "EchoServer-net.hvt")];
            }
            rig._tender = BackgroundProcess.Start("hvt-tender (EchoServer)", o.Tender,
                [.. rig._counter?.TenderOptions ?? [], .. tenderArgs, $"--ipv4={GuestAddress}/24"], rig._net);
            var banner = $"echo: {model ?? "net"} up";
            if (!rig._tender.WaitForOutput(banner, StartLimit))
                throw new BenchException($"hvt-tender (EchoServer) did not print \"{banner}\":\n{rig._tender.Describe()}");
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    /// <summary>Round trips (µs) of <paramref name="count"/> UDP echoes and how many were lost.</summary>
    public (List<double> Microseconds, int Lost) Udp(int count)
    {
        return EchoClient.RoundTrips(Client("udp", count));
    }

    /// <summary>Milliseconds for a TCP echo of <paramref name="bytes"/>, every byte compared.</summary>
    public double Tcp(int bytes) => EchoClient.TcpMilliseconds(Client("tcp", bytes));

    /// <summary>As <see cref="Tcp"/>, timed after an untimed echo of <paramref name="warmUpBytes"/> by the same client process.</summary>
    public double WarmTcp(int bytes, int warmUpBytes) =>
        EchoClient.TcpMilliseconds(EchoClient.RunWarmTcpIn(_net, ClientLimit, GuestAddress, bytes, warmUpBytes));

    /// <summary><paramref name="connections"/> TCP echoes of 1 KiB, one connection after another:
    /// how many failed, and the time (ms).</summary>
    public (int Connections, int Failed, double Milliseconds) Soak(int connections) =>
        EchoClient.SoakResult(EchoClient.RunIn(_net, ClientLimit + TimeSpan.FromSeconds(2.0 * connections), "soak", GuestAddress, connections));

    public void Dispose()
    {
        _tender?.Dispose();
        _devemu?.Dispose();
        _net.Dispose();
        _counter?.Dispose();
    }

    private Dictionary<string, string> Client(string mode, int amount) => EchoClient.RunIn(_net, ClientLimit, mode, GuestAddress, amount);
}
