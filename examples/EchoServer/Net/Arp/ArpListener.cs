namespace Solo5Net.EchoServer.Net.Arp;

/// <summary>Told when an address becomes resolvable (the IP layer sends what waited for it).</summary>
public abstract class ArpListener
{
    public abstract void Resolved(uint ip, MacAddress mac);
}
