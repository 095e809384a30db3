using Solo5Net.Hvt.Modules.Pci.Backends;

namespace Solo5Net.Hvt.Modules.Pci.Interrupts;

/// <summary>The standard capability list of a device's configuration space, walked by the tender.</summary>
public static class PciCapabilityList
{
    public const byte MsiId = 0x05, MsixId = 0x11;
    private const uint StatusRegister = 0x06, CapabilitiesPointer = 0x34;
    private const byte StatusCapabilityList = 0x10;
    /// <summary>48 capabilities fill the 192 bytes after the header: a longer walk is a looping list.</summary>
    private const int MaxCapabilities = 48;

    /// <summary>The offset of capability <paramref name="id"/>, or null if the device has none (or
    /// its list is malformed).</summary>
    public static uint? Find(IPciDevice device, byte id)
    {
        Span<byte> b = stackalloc byte[2];
        device.ReadConfig(StatusRegister, b[..1]);
        if ((b[0] & StatusCapabilityList) == 0) return null;
        device.ReadConfig(CapabilitiesPointer, b[..1]);
        var next = b[0];
        for (var i = 0; i < MaxCapabilities && next >= 0x40; i++)
        {
            uint at = (uint)(next & 0xFC);
            device.ReadConfig(at, b);
            if (b[0] == id) return at;
            next = b[1];
        }
        return null;
    }
}
