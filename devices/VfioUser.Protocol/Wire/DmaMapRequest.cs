using System.Buffers.Binary;

namespace Solo5Net.VfioUser;

[Flags]
public enum DmaProtection : uint
{
    None = 0,
    /// <summary>The device may read this memory.</summary>
    Read = 1,
    /// <summary>The device may write this memory.</summary>
    Write = 2,
}

/// <summary>DMA_MAP: u32 argsz (32), u32 flags, u64 offset into the attached fd, u64 IOVA, u64 size.</summary>
public readonly record struct DmaMapRequest(DmaProtection Protection, ulong FileOffset, ulong Iova, ulong Size)
{
    public const int Length = 32;

    public byte[] Encode()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Protection);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), FileOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), Iova);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), Size);
        return bytes;
    }

    public static DmaMapRequest Decode(ReadOnlySpan<byte> payload)
    {
        PayloadReader.RequireLength(payload, Length, "DMA_MAP");
        return new DmaMapRequest((DmaProtection)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[24..]));
    }
}
