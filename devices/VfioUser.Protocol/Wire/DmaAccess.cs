using System.Buffers.Binary;

namespace Solo5Net.VfioUser;

/// <summary>
/// DMA_READ / DMA_WRITE (server → client, for memory mapped without an fd): u64 IOVA, u64 count,
/// then count data bytes (write request, read reply).
/// </summary>
public readonly record struct DmaAccess(ulong Iova, ulong Count)
{
    public const int Length = 16;

    public byte[] Encode(ReadOnlySpan<byte> data = default)
    {
        var bytes = new byte[Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Iova);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), Count);
        data.CopyTo(bytes.AsSpan(Length));
        return bytes;
    }

    public static DmaAccess Decode(ReadOnlySpan<byte> payload)
    {
        PayloadReader.RequireLength(payload, Length, "DMA_READ/WRITE");
        return new DmaAccess(BinaryPrimitives.ReadUInt64LittleEndian(payload), BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]));
    }
}
