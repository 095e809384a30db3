using System.Buffers.Binary;

namespace Solo5Net.DevEmu.Virtio;

/// <summary>One entry of a split virtqueue's descriptor table (docs/virtio-net.md §4): addr le64,
/// len le32, flags le16, next le16; 16 bytes, 16-byte aligned table.</summary>
public readonly record struct VirtqDescriptor(ulong Address, uint Length, ushort Flags, ushort Next)
{
    public const int Size = 16;
    public const ushort FlagNext = 1, FlagWrite = 2, FlagIndirect = 4;

    public bool HasNext => (Flags & FlagNext) != 0;
    public bool IsDeviceWritable => (Flags & FlagWrite) != 0;
    public bool IsIndirect => (Flags & FlagIndirect) != 0;

    public static VirtqDescriptor Decode(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[12..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[14..]));

    public void Encode(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Address);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[12..], Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[14..], Next);
    }
}
