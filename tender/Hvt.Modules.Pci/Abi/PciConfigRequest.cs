using System.Buffers.Binary;

namespace Solo5Net.Hvt.Modules.Pci.Abi;

/// <summary>struct hvt_hc_pci_config (24 bytes), the argument of hypercalls 9 and 10.</summary>
public readonly record struct PciConfigRequest(ulong Handle, uint Offset, uint Size, uint Value)
{
    public const int Length = 24;
    private const int ValueOffset = 16, RetOffset = 20;

    public static PciConfigRequest Decode(ReadOnlySpan<byte> b) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(b),
        BinaryPrimitives.ReadUInt32LittleEndian(b[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(b[12..]),
        BinaryPrimitives.ReadUInt32LittleEndian(b[ValueOffset..]));

    public static void WriteValue(Span<byte> b, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(b[ValueOffset..], value);

    public static void WriteResult(Span<byte> b, Solo5Result ret) => BinaryPrimitives.WriteUInt32LittleEndian(b[RetOffset..], (uint)ret);
}
