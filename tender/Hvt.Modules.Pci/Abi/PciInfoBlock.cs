using System.Buffers.Binary;

namespace Solo5Net.Hvt.Modules.Pci.Abi;

[Flags]
public enum PciInfoFlags : uint { None = 0, VfioUser = 1, Irq = 2 }

[Flags]
public enum PciBarFlags : uint
{
    None = 0, Present = 1, Io = 2, Is64Bit = 4, Prefetchable = 8, Mapped = 0x10, Trapped = 0x20,
}

/// <summary>One bar[i] of hvt_pci_info (24 bytes): guest base, size, flags.</summary>
public readonly record struct PciBarInfo(ulong Base, ulong Size, PciBarFlags Flags)
{
    public const int Size24 = 24;
}

/// <summary>
/// struct hvt_pci_info (docs/abi.md §3): what the guest learns about one attached device.
/// The single definition of its 192-byte layout.
/// </summary>
public sealed record PciInfoBlock
{
    public const int Size = 192;
    public const uint CurrentVersion = 1;
    private const int BarsOffset = 48;

    public PciInfoFlags Flags { get; init; }
    public ushort Segment { get; init; }
    public byte Bus { get; init; }
    public byte DevFn { get; init; }
    public ushort VendorId { get; init; }
    public ushort DeviceId { get; init; }
    public ushort SubsystemVendorId { get; init; }
    public ushort SubsystemId { get; init; }
    public byte Revision { get; init; }
    public byte ProgIf { get; init; }
    public byte Subclass { get; init; }
    public byte ClassCode { get; init; }
    public ulong DmaBase { get; init; }
    public ulong DmaSize { get; init; }
    public IReadOnlyList<PciBarInfo> Bars { get; init; } = new PciBarInfo[PciAbi.BarCount];

    public void Encode(Span<byte> b)
    {
        if (b.Length < Size) throw new ArgumentException($"hvt_pci_info needs {Size} bytes", nameof(b));
        if (Bars.Count != PciAbi.BarCount) throw new ArgumentException("hvt_pci_info has exactly 6 BARs");
        b[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(b, CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], (uint)Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(b[8..], Segment);
        b[10] = Bus;
        b[11] = DevFn;
        BinaryPrimitives.WriteUInt16LittleEndian(b[12..], VendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(b[14..], DeviceId);
        BinaryPrimitives.WriteUInt16LittleEndian(b[16..], SubsystemVendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(b[18..], SubsystemId);
        b[20] = Revision;
        b[21] = ProgIf;
        b[22] = Subclass;
        b[23] = ClassCode;
        BinaryPrimitives.WriteUInt64LittleEndian(b[24..], DmaBase);
        BinaryPrimitives.WriteUInt64LittleEndian(b[32..], DmaSize);
        for (var i = 0; i < PciAbi.BarCount; i++)
        {
            var bar = b[(BarsOffset + i * PciBarInfo.Size24)..];
            BinaryPrimitives.WriteUInt64LittleEndian(bar, Bars[i].Base);
            BinaryPrimitives.WriteUInt64LittleEndian(bar[8..], Bars[i].Size);
            BinaryPrimitives.WriteUInt32LittleEndian(bar[16..], (uint)Bars[i].Flags);
        }
    }

    public byte[] Encode()
    {
        var bytes = new byte[Size];
        Encode(bytes);
        return bytes;
    }
}
