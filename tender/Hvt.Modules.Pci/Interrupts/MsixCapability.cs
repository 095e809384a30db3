using System.Buffers.Binary;
using Solo5Net.Hvt.Modules.Pci.Backends;

namespace Solo5Net.Hvt.Modules.Pci.Interrupts;

/// <summary>
/// A device's MSI-X capability: where its table and pending-bit array lie (BAR index and offset)
/// and how many vectors it has. Message Control is at <see cref="Offset"/> + 2: table size − 1 in
/// bits 0–10, function mask bit 14, enable bit 15.
/// </summary>
public sealed record MsixCapability(uint Offset, int TableSize, int TableBar, ulong TableOffset, int PbaBar, ulong PbaOffset)
{
    public const ushort EnableBit = 0x8000, FunctionMaskBit = 0x4000, TableSizeMask = 0x07FF;

    public uint ControlOffset => Offset + 2;
    public ulong TableLength => (ulong)TableSize * MsixTable.EntrySize;
    public ulong PbaLength => (ulong)(TableSize + 63) / 64 * 8;

    /// <summary>The device's MSI-X capability, or null if it has none.</summary>
    public static MsixCapability? Read(IPciDevice device)
    {
        if (PciCapabilityList.Find(device, PciCapabilityList.MsixId) is not { } at) return null;
        Span<byte> b = stackalloc byte[12];
        device.ReadConfig(at, b[..4]);
        device.ReadConfig(at + 4, b.Slice(4, 4));
        device.ReadConfig(at + 8, b.Slice(8, 4));
        var control = BinaryPrimitives.ReadUInt16LittleEndian(b[2..]);
        var table = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        var pba = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
        return new MsixCapability(at, (control & TableSizeMask) + 1, (int)(table & 7), table & ~7u, (int)(pba & 7), pba & ~7u);
    }

    /// <summary>Refuses a capability whose table or pending-bit array is not inside a memory BAR of
    /// the device (docs/messages.md).</summary>
    public void Require(string name, string description, IReadOnlyList<PciBarRegion> bars)
    {
        Check(name, description, bars, "table", TableBar, TableOffset, TableLength);
        Check(name, description, bars, "pending-bit array", PbaBar, PbaOffset, PbaLength);
    }

    private static void Check(string name, string description, IReadOnlyList<PciBarRegion> bars, string what, int bar, ulong offset, ulong length)
    {
        var region = bars.FirstOrDefault(b => b.Index == bar);
        if (region == null || region.IsIo)
            throw new PciException($"{name}: {description}: MSI-X {what} is in BAR{bar}, which is not a memory BAR of the device");
        if (offset > region.Size || length > region.Size - offset)
            throw new PciException($"{name}: {description}: MSI-X {what} (0x{offset:x} + 0x{length:x}) lies outside BAR{bar} (0x{region.Size:x} bytes)");
    }
}
