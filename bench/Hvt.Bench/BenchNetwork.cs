using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>hvt-bench's private network: a namespace of its own with one tap whose host side is
/// 10.0.0.1/24, so benchmark traffic never leaves it.</summary>
public static class BenchNetwork
{
    public const string Tap = "tap0";
    public const string HostAddress = "10.0.0.1";

    public static NetNamespace Create()
    {
        var ns = NetNamespace.Create("s5nbench");
        try
        {
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
