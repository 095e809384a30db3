using System.Buffers.Binary;

namespace Solo5Net.VfioUser;

[Flags]
public enum DmaUnmapFlags : uint
{
    None = 0,
    GetDirtyBitmap = 1,
    UnmapAll = 2,
}

/// <summary>DMA_UNMAP request and reply: u32 argsz (24), u32 flags, u64 IOVA, u64 size.</summary>
public readonly record struct DmaUnmapRequest(DmaUnmapFlags Flags, ulong Iova, ulong Size)
{
    public const int Length = 24;

    public byte[] Encode()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), Iova);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), Size);
        return bytes;
    }

    public static DmaUnmapRequest Decode(ReadOnlySpan<byte> payload)
    {
        PayloadReader.RequireLength(payload, Length, "DMA_UNMAP");
        return new DmaUnmapRequest((DmaUnmapFlags)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[16..]));
    }
}
