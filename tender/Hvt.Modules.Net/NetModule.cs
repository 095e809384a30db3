using System.Text.RegularExpressions;
using Solo5Net.Abi;
using Solo5Net.Hvt.Security;
using Solo5Net.Interop;
using Solo5Net.Manifest;

namespace Solo5Net.Hvt.Modules.Net;

/// <summary>
/// NET_BASIC devices on host taps: --net:NAME=IFACE and --net-mac:NAME=MAC (docs/hvt-abi.md §7.3, §8.1),
/// hypercalls 6/7, POLL sources by manifest index, and ring I/O (docs/hvt-abi.md §5) with the ioeventfd on port
/// 0x600 served by a host thread.
/// </summary>
public sealed partial class NetModule : ITenderModule
{
    /// <summary>Every option of this module starts with this.</summary>
    public const string OptionPrefix = "--net";
    private const int MaxInterfaceName = 19;  // Solo5 reads at most 19 characters
    private readonly Dictionary<int, NetDevice> _devices = [];
    private readonly Dictionary<int, byte[]> _macs = [];
    private NetRingWorker? _ringWorker;

    public string Name => "net";

    public string Usage =>
        "  --net:NAME=IFACE (attach tap device IFACE as network interface NAME)\n" +
        "  --net-mac:NAME=HWADDR (set HWADDR for network interface NAME)\n";

    [GeneratedRegex(@"^--net:([A-Za-z0-9]{1,67})=(\S+)$")]
    private static partial Regex DeviceOption();

    [GeneratedRegex(@"^--net-mac:([A-Za-z0-9]{1,67})=(.*)$")]
    private static partial Regex MacOption();

    public bool TryParseOption(string arg, ModuleOptionContext ctx)
    {
        if (DeviceOption().Match(arg) is { Success: true } device)
        {
            string name = device.Groups[1].Value;
            string iface = device.Groups[2].Value;
            if (iface.Length > MaxInterfaceName) iface = iface[..MaxInterfaceName];
            int index = ctx.RequireDeclared(name, MftDeviceType.NetBasic);
            if (_devices.ContainsKey(index)) throw new InvalidOptionException($"Network interface '{name}' is attached twice");
            var attached = NetDevice.Attach(name, index, iface);
            if (_devices.Count == 0) ctx.ReserveMemoryAboveGuest(HvtRing.Size);
            _devices[index] = attached;
            var entry = ctx.Manifest.Entries[index];
            entry.NetMtu = (ushort)Math.Min(attached.Mtu, ushort.MaxValue);
            entry.B = (ulong)attached.Fd;
            entry.Attached = true;
            return true;
        }
        if (MacOption().Match(arg) is { Success: true } mac)
        {
            int index = ctx.RequireDeclared(mac.Groups[1].Value, MftDeviceType.NetBasic);
            _macs[index] = NetMacAddress.Parse(mac.Groups[2].Value)
                ?? throw new InvalidOptionException($"Malformed MAC address: {mac.Groups[2].Value}");
            return true;
        }
        return false;
    }

    public void Setup(ModuleSetupContext ctx)
    {
        if (_devices.Count == 0) return;
        foreach (var device in _devices.Values)
        {
            var entry = ctx.Manifest.Entries[device.ManifestIndex];
            var mac = _macs.GetValueOrDefault(device.ManifestIndex) ?? entry.NetMac;
            entry.NetMac = NetMacAddress.IsZero(mac) ? NetMacAddress.RandomLocal() : mac;
            ctx.RegisterPollSource(device.Fd, device.ManifestIndex);
        }
        new NetHypercalls(ctx.Memory, _devices).Register(ctx);
        StartRingIo(ctx);
        ctx.RegisterHaltHook(_ => Shutdown());
    }

    /// <summary>Ring I/O when KVM offers ioeventfds; otherwise (or on failure) hypercalls only, with
    /// the reserved 2 MiB still withheld from the guest (docs/hvt-abi.md §5.1).</summary>
    private void StartRingIo(ModuleSetupContext ctx)
    {
        var region = ctx.ReservedRegion;
        if (region == null || !ctx.SupportsIoeventfd) return;
        FileDescriptor kick;
        try { kick = Eventfd.Create(0, Eventfd.EFD_CLOEXEC); }
        catch (SystemCallException) { ctx.Warn("eventfd() failed, falling back to hypercalls"); return; }
        using (kick)
        {
            try { ctx.AddPortIoeventfd(kick.Number, HvtRing.KickPort, 4); }
            catch (SystemCallException)
            {
                ctx.Warn("KVM_IOEVENTFD failed, falling back to hypercalls");
                return;
            }
            var ring = new NetRing(region);
            _ringWorker = new NetRingWorker(ring, ctx.Memory, _devices, kick.Transfer(), () => ctx.EnterThreadRole(ThreadRoles.RingIo), ctx.FailRun);
        }
        // Started once the tender is confined: the thread inherits no capabilities and narrows itself.
        ctx.RegisterGuestStartHook(_ringWorker.Start);
        ctx.AddHostFeature(HvtFeatures.RingIo);
        ctx.SetNetRing(region.Gpa);
    }

    private void Shutdown()
    {
        _ringWorker?.Stop();
        _ringWorker = null;
        foreach (var device in _devices.Values) device.Close();
        _devices.Clear();
    }

}
