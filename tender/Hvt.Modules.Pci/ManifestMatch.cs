using Solo5Net.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Manifest;

namespace Solo5Net.Hvt.Modules.Pci;

/// <summary>The unikernel's PCI_BASIC declaration checked against the device the operator gave.</summary>
public static class ManifestMatch
{
    /// <summary>Every field that differs, e.g. "vendor 0x1234 (the unikernel wants 0x8086)"; empty if the device fits.</summary>
    public static IReadOnlyList<string> Mismatches(MftEntry entry, PciIdentity device)
    {
        var result = new List<string>();
        if (entry.VendorId != MftEntry.AnyId && entry.VendorId != device.VendorId)
            result.Add($"vendor 0x{device.VendorId:x4} (the unikernel wants 0x{entry.VendorId:x4})");
        if (entry.DeviceId != MftEntry.AnyId && entry.DeviceId != device.DeviceId)
            result.Add($"device 0x{device.DeviceId:x4} (the unikernel wants 0x{entry.DeviceId:x4})");
        if (entry.ClassCode != MftEntry.AnyClass && entry.ClassCode != device.ClassCode)
            result.Add($"class 0x{device.ClassCode:x2} (the unikernel wants 0x{entry.ClassCode:x2})");
        if (entry.Subclass != MftEntry.AnyClass && entry.Subclass != device.Subclass)
            result.Add($"subclass 0x{device.Subclass:x2} (the unikernel wants 0x{entry.Subclass:x2})");
        return result;
    }

    public static void Require(string name, string deviceDescription, MftEntry entry, PciIdentity device)
    {
        var mismatches = Mismatches(entry, device);
        if (mismatches.Count > 0)
            throw new PciException($"{name}: {deviceDescription} does not match the manifest: {string.Join(", ", mismatches)}");
    }

    /// <summary>The device's DMA address width as the entry declares it (docs/abi.md §2): 0 means 64;
    /// a width over 64 (only a hand-made manifest has one) is refused.</summary>
    public static int DmaAddressBits(string name, MftEntry entry)
    {
        if (entry.DmaAddressBits > HvtMftPciBasic.MaxDmaBits)
            throw new PciException($"{name}: the manifest declares a DMA address width of {entry.DmaBits} bits; at most {HvtMftPciBasic.MaxDmaBits}");
        return entry.DmaAddressBits;
    }

    /// <summary>The DMA size to give: --pci-dma, else the manifest's minimum rounded up to 4 KiB;
    /// refused when below the minimum.</summary>
    public static ulong DmaSize(string name, MftEntry entry, ulong? requested)
    {
        var minimum = entry.DmaMin;
        var roundedMinimum = Alignment.Up(minimum, Options.PciOptions.PageSize);
        if (minimum > Options.PciOptions.MaxDmaSize)
            throw new PciException($"{name}: the unikernel declares it needs {Options.SizeParser.Describe(minimum)} of DMA memory; at most 16 GiB per device is supported");
        if (requested is not { } size) return roundedMinimum;
        if (size < minimum)
            throw new PciException($"{name}: the unikernel declares it needs at least {Options.SizeParser.Describe(minimum)} of DMA memory; " +
                $"run with {Options.PciOptions.DmaOption}{name}={Options.SizeParser.Format(roundedMinimum)} or more");
        return size;
    }
}
