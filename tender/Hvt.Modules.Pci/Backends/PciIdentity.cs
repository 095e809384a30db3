using System.Buffers.Binary;

namespace Solo5Net.Hvt.Modules.Pci.Backends;

/// <summary>The identifying fields of a device's configuration header.</summary>
public readonly record struct PciIdentity(ushort VendorId, ushort DeviceId, byte Revision, byte ProgIf,
    byte Subclass, byte ClassCode, ushort SubsystemVendorId, ushort SubsystemId)
{
    public const int HeaderBytes = 0x30;

    public static PciIdentity Read(IPciDevice device)
    {
        Span<byte> h = stackalloc byte[HeaderBytes];
        device.ReadConfig(0, h);
        return Decode(h);
    }

    public static PciIdentity Decode(ReadOnlySpan<byte> h) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(h), BinaryPrimitives.ReadUInt16LittleEndian(h[2..]),
        h[8], h[9], h[0xA], h[0xB],
        BinaryPrimitives.ReadUInt16LittleEndian(h[0x2C..]), BinaryPrimitives.ReadUInt16LittleEndian(h[0x2E..]));

    public override string ToString() =>
        $"vendor=0x{VendorId:x4} device=0x{DeviceId:x4} class=0x{ClassCode:x2}{Subclass:x2} revision=0x{Revision:x2}";
}
