namespace Solo5Net.EchoServer.Net.Config;

/// <summary>Which device the echo server drives (--link).</summary>
public enum LinkKind
{
    /// <summary>The PCI e1000 "net0" if the manifest attached it, else NET_BASIC "service".</summary>
    Auto,
    Pci,
    NetBasic,
}
