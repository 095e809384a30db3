using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Support;

/// <summary>
/// The hcall guest with both device types attached: a 64 KiB block file and a tap in a private,
/// silent network namespace (no address, IPv6 off, so nothing arrives unasked).
/// </summary>
public sealed class DeviceRig : IDisposable
{
    private readonly NetNamespace _ns;
    private readonly TempDir _dir = new();

    public string BlockFile { get; }

    public DeviceRig()
    {
        _ns = NetNamespace.Create();
        _ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
        _ns.AddTap("tap0");
        BlockFile = _dir.NewFile("disk", 64 * 1024);
    }

    public NetNamespace Namespace => _ns;

    /// <summary>Runs hcall_devices with <paramref name="guestArgs"/> inside the namespace.</summary>
    public ProcessResult Run(string[] guestArgs, TimeSpan? timeout = null) =>
        _ns.RunTool("hvt-tender", TenderArgs(guestArgs), timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>The tender's arguments for hcall_devices with both devices attached.</summary>
    public string[] TenderArgs(params string[] guestArgs) =>
        ["--mem=16", $"--block:storage={BlockFile}", "--net:service0=tap0", Guests.Path("hcall_devices"), .. guestArgs];

    public void Dispose()
    {
        _ns.Dispose();
        _dir.Dispose();
    }
}
