using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Net;

/// <summary>One attached NET_BASIC device: its manifest entry index and its non-blocking tap fd.</summary>
internal sealed class NetDevice(string name, int manifestIndex, string interfaceName, int fd, int mtu)
{
    public string Name { get; } = name;
    public int ManifestIndex { get; } = manifestIndex;
    public string InterfaceName { get; } = interfaceName;
    public int Fd { get; } = fd;
    public int Mtu { get; } = mtu;

    /// <summary>Attaches to the existing tap <paramref name="iface"/> (docs/hvt-abi.md §7.3).</summary>
    public static NetDevice Attach(string name, int manifestIndex, string iface)
    {
        int fd = -1;
        try
        {
            fd = Tap.Attach(iface);
            if (!Tap.IsUpOrRunning(iface)) throw new SystemCallException($"interface {iface} is down", ENETDOWN);
            return new NetDevice(name, manifestIndex, iface, fd, Tap.GetMtu(iface));
        }
        catch (SystemCallException e)
        {
            if (fd >= 0) Libc.CloseQuietly(fd);
            throw new InvalidOptionException($"Could not attach interface: {iface}: {Libc.StrError(e.ErrorNumber)}");
        }
    }

    public void Close() => Libc.CloseQuietly(Fd);

    private const int ENETDOWN = 100;
}
