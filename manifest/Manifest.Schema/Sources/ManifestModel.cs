namespace Solo5Net.Manifest;

/// <summary>What a PCI_BASIC device must look like to be attached; a null field matches any device.</summary>
public sealed record PciMatch(ushort? Vendor = null, ushort? Device = null, byte? Class = null, byte? Subclass = null)
{
    public static readonly PciMatch Any = new();
}

/// <summary>One device a unikernel declares. <see cref="Line"/> is where the source declared it (0 if not from a file).</summary>
public sealed record DeviceDeclaration(string Name, uint Type, int Line = 0)
{
    /// <summary>PCI_BASIC only.</summary>
    public PciMatch Match { get; init; } = PciMatch.Any;

    /// <summary>PCI_BASIC only: the DMA memory the driver needs, bytes.</summary>
    public ulong DmaMin { get; init; }

    /// <summary>PCI_BASIC only: bits of DMA address the device decodes; 0 = not declared (64).</summary>
    public byte DmaBits { get; init; }

    public MftEntry ToEntry()
    {
        var entry = new MftEntry(Name, Type);
        if (Type == MftDeviceType.PciBasic)
        {
            entry.VendorId = Match.Vendor ?? MftEntry.AnyId;
            entry.DeviceId = Match.Device ?? MftEntry.AnyId;
            entry.ClassCode = Match.Class ?? MftEntry.AnyClass;
            entry.Subclass = Match.Subclass ?? MftEntry.AnyClass;
            entry.DmaMin = DmaMin;
            entry.DmaBits = DmaBits;
        }
        return entry;
    }
}

/// <summary>A validated manifest source: the devices in declaration order.</summary>
public sealed record ManifestModel(string SourceName, IReadOnlyList<DeviceDeclaration> Devices)
{
    /// <summary>The binary manifest: the reserved first entry, then each device (handle = position + 1).</summary>
    public Mft ToMft() => Mft.Create(Devices.Select(d => d.ToEntry()));
}
