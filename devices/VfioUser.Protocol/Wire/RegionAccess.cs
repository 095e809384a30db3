using System.Buffers.Binary;

namespace Solo5Net.VfioUser;

/// <summary>
/// REGION_READ / REGION_WRITE: u64 offset, u32 region index, u32 count, then count data bytes
/// (write request, read reply). The read request and the write reply are the 16 bytes alone.
/// </summary>
public readonly record struct RegionAccess(ulong Offset, uint Region, uint Count)
{
    public const int Length = 16;

    public byte[] Encode(ReadOnlySpan<byte> data = default)
    {
        var bytes = new byte[Length + data.Length];
        WriteTo(bytes);
        data.CopyTo(bytes.AsSpan(Length));
        return bytes;
    }

    /// <summary>Writes the 16 fixed bytes to the start of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Region);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Count);
    }

    public static RegionAccess Decode(ReadOnlySpan<byte> payload)
    {
        PayloadReader.RequireLength(payload, Length, "REGION_READ/WRITE");
        return new RegionAccess(BinaryPrimitives.ReadUInt64LittleEndian(payload),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]), BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]));
    }

    /// <summary>The data after the 16 bytes, which must be exactly Count bytes long.</summary>
    public ReadOnlySpan<byte> DataOf(ReadOnlySpan<byte> payload)
    {
        if ((ulong)payload.Length - Length != Count)
            throw new VfioUserProtocolException($"region access of {Count} bytes carries {payload.Length - Length} data bytes");
        return payload[Length..];
    }
}
