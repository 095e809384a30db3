using System.Buffers.Binary;

namespace Solo5Net.DevEmu.Virtio;

/// <summary>
/// The header in front of every frame in either direction (docs/virtio-net.md §5): flags u8,
/// gso_type u8, hdr_len le16, gso_size le16, csum_start le16, csum_offset le16, num_buffers le16;
/// 12 bytes with VERSION_1. Without checksum or segmentation offloads everything but num_buffers
/// (1 on receive) is zero.
/// </summary>
public readonly record struct VirtioNetHeader(byte Flags, byte GsoType, ushort HeaderLength, ushort GsoSize,
    ushort ChecksumStart, ushort ChecksumOffset, ushort NumBuffers)
{
    public const int Size = 12;
    public const byte GsoNone = 0;

    /// <summary>What the model writes before a received frame.</summary>
    public static VirtioNetHeader Received => new(0, GsoNone, 0, 0, 0, 0, 1);

    public static VirtioNetHeader Decode(ReadOnlySpan<byte> bytes) => new(bytes[0], bytes[1],
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]));

    public void Encode(Span<byte> bytes)
    {
        bytes[0] = Flags;
        bytes[1] = GsoType;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], HeaderLength);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[4..], GsoSize);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[6..], ChecksumStart);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[8..], ChecksumOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[10..], NumBuffers);
    }
}
