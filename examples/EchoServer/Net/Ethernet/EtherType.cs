namespace Solo5Net.EchoServer.Net.Ethernet;

public static class EtherType
{
    public const ushort Ipv4 = 0x0800;
    public const ushort Arp = 0x0806;
}
