namespace Solo5Net.Hvt.Modules.Pci.Options;

/// <summary>Where a PCI_BASIC device comes from: a host device through VFIO, or a vfio-user server.</summary>
public abstract record PciDeviceSource;

public sealed record HostVfioSource(PciAddress Address) : PciDeviceSource
{
    public override string ToString() => Address.ToString();
}

public sealed record VfioUserSource(string SocketPath) : PciDeviceSource
{
    public const string Prefix = "vfio-user:";
    public override string ToString() => Prefix + SocketPath;
}
