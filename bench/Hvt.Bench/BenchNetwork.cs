using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>hvt-bench's private network: a namespace of its own with one tap whose host side is
/// 10.0.0.1/24, so benchmark traffic never leaves it. IPv6 is off in it, so that the host sends the
/// guest no router solicitations or neighbour discovery of its own: what a guest does while no
/// client talks to it (its idle rate, <see cref="GuestCounts"/>) is then its own.</summary>
public static class BenchNetwork
{
    public const string Tap = "tap0";
    public const string HostAddress = "10.0.0.1";

    public static NetNamespace Create()
    {
        var ns = NetNamespace.Create("s5nbench");
        try
        {
            if (Directory.Exists("/proc/sys/net/ipv6")) ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
            ns.AddTap(Tap, HostAddress + "/24");
        }
        catch
        {
            ns.Dispose();
            throw;
        }
        return ns;
    }
}
