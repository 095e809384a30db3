using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Net;

/// <summary>One attached NET_BASIC device: its manifest entry index and its non-blocking tap fd.</summary>
internal sealed class NetDevice
{
    private readonly FileDescriptor _tap;

    private NetDevice(string name, int manifestIndex, string interfaceName, FileDescriptor tap, int mtu)
    {
        Name = name;
        ManifestIndex = manifestIndex;
        InterfaceName = interfaceName;
        _tap = tap;
        Fd = tap.Number;
        Mtu = mtu;
    }

    public string Name { get; }
    public int ManifestIndex { get; }
    public string InterfaceName { get; }

    /// <summary>The tap's number, read once for the net hypercalls and the ring thread (see <see cref="FileDescriptor"/>).</summary>
    public int Fd { get; }

    public int Mtu { get; }

    /// <summary>Attaches to the existing tap <paramref name="iface"/> (docs/hvt-abi.md §7.3).</summary>
    public static NetDevice Attach(string name, int manifestIndex, string iface)
    {
        try
        {
            using var tap = Tap.Attach(iface);
            if (!Tap.IsUpOrRunning(iface)) throw new SystemCallException($"interface {iface} is down", Errno.ENETDOWN);
            int mtu = Tap.GetMtu(iface);
            return new NetDevice(name, manifestIndex, iface, tap.Transfer(), mtu);
        }
        catch (SystemCallException e)
        {
            throw new InvalidOptionException($"Could not attach interface: {iface}: {Libc.StrError(e.ErrorNumber)}");
        }
    }

    public void Close() => _tap.Dispose();
}
