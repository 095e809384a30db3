namespace Solo5Net.EchoServer.Net.Ip;

/// <summary>This host's IPv4 address, prefix and default gateway (host byte order; 0 = none).</summary>
public struct Ipv4Config
{
    public uint Address;
    public int PrefixLength;
    public uint Gateway;

    public readonly uint Netmask => PrefixLength == 0 ? 0u : 0xFFFF_FFFFu << (32 - PrefixLength);

    public readonly bool OnLink(uint destination) => (destination & Netmask) == (Address & Netmask);

    public readonly uint SubnetBroadcast => Address | ~Netmask;
}
