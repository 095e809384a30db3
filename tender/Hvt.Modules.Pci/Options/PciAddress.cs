using System.Globalization;

namespace Solo5Net.Hvt.Modules.Pci.Options;

/// <summary>A host PCI address DDDD:BB:DD.F (domain, bus, device 0–31, function 0–7).</summary>
public readonly record struct PciAddress(ushort Domain, byte Bus, byte Device, byte Function)
{
    public byte DevFn => (byte)(Device << 3 | Function);

    /// <summary>The canonical sysfs spelling, e.g. "0000:01:00.0".</summary>
    public override string ToString() => $"{Domain:x4}:{Bus:x2}:{Device:x2}.{Function:x1}";

    /// <summary>Parses "DDDD:BB:DD.F" (or "BB:DD.F", domain 0), hexadecimal, case-insensitive.</summary>
    public static bool TryParse(string text, out PciAddress address)
    {
        address = default;
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3) return false;
        var domain = parts.Length == 3 ? parts[0] : "0000";
        var bus = parts[^2];
        var devFn = parts[^1].Split('.');
        if (devFn.Length != 2 || domain.Length != 4 || bus.Length != 2 || devFn[0].Length != 2 || devFn[1].Length != 1)
            return false;
        if (!Hex(domain, out var d) || !Hex(bus, out var b) || !Hex(devFn[0], out var dev) || !Hex(devFn[1], out var fn))
            return false;
        if (dev > 31 || fn > 7) return false;
        address = new PciAddress((ushort)d, (byte)b, (byte)dev, (byte)fn);
        return true;
    }

    private static bool Hex(string s, out uint value) =>
        uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
