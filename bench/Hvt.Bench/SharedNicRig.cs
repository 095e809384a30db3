using System.Globalization;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// One hvt-devemu e1000 serving <c>clients</c> EchoServer unikernels at once (--clients N, one tap
/// switch, docs/vfio-user.md), in a private namespace whose tap's host side is 10.0.0.1/24; the
/// unikernels are at 10.0.0.2, 10.0.0.3, … Echo clients run inside the namespace.
/// </summary>
public sealed class SharedNicRig : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ClientLimit = TimeSpan.FromSeconds(300);

    private readonly NetNamespace _net;
    private readonly List<BackgroundProcess> _tenders = [];
    private DevEmuServer? _devemu;

    private SharedNicRig(int clients)
    {
        _net = BenchNetwork.Create();
        Addresses = Enumerable.Range(2, clients).Select(i => $"10.0.0.{i}").ToArray();
    }

    public IReadOnlyList<string> Addresses { get; }

    public static SharedNicRig Start(BenchOptions o, int clients)
    {
        var rig = new SharedNicRig(clients);
        try
        {
            rig._devemu = DevEmuServer.Start("e1000",
                ["--clients", clients.ToString(CultureInfo.InvariantCulture), "--tap", BenchNetwork.Tap, "--mac", "02:00:00:00:00:02"],
                rig._net, executable: o.DevEmu);
            foreach (var address in rig.Addresses)
            {
                var tender = BackgroundProcess.Start($"hvt-tender (EchoServer at {address})", o.Tender,
                    ["--pci-dev:net0=vfio-user:" + rig._devemu.SocketPath, "--pci-dma:net0=16M",
                     Path.Combine(o.EchoImages, "EchoServer.hvt"), $"--ipv4={address}/24"], rig._net);
                rig._tenders.Add(tender);
                if (!tender.WaitForOutput("echo: e1000 up", StartLimit))
                    throw new BenchException($"the EchoServer at {address} did not come up:\n{tender.Describe()}");
            }
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    /// <summary>Every unikernel echoes <paramref name="count"/> UDP datagrams at the same time, one
    /// client each; the round trips (µs) and losses per unikernel.</summary>
    public (List<double> Microseconds, int Lost)[] UdpAtOnce(int count) =>
        AtOnce(address => EchoClient.RoundTrips(EchoClient.RunIn(_net, ClientLimit, "udp", address, count)));

    /// <summary>Every unikernel echoes <paramref name="bytes"/> over TCP at the same time; the time
    /// (ms) from the first start to the last finish.</summary>
    public double TcpAtOnceMilliseconds(int bytes)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        AtOnce(address => EchoClient.TcpMilliseconds(EchoClient.RunIn(_net, ClientLimit, "tcp", address, bytes)));
        return clock.Elapsed.TotalMilliseconds;
    }

    private T[] AtOnce<T>(Func<string, T> perAddress) =>
        Task.WhenAll(Addresses.Select(a => Task.Run(() => perAddress(a)))).GetAwaiter().GetResult();

    public void Dispose()
    {
        foreach (var tender in _tenders) tender.Dispose();
        _devemu?.Dispose();
        _net.Dispose();
    }
}
