using System.Buffers.Binary;

namespace Solo5Net.VfioUser;

/// <summary>
/// The 16-byte header in front of every vfio-user message: u16 id, u16 command, u32 size
/// (header included), u32 flags (type in bits 0–3, bit 4 no reply wanted, bit 5 error), u32 errno.
/// </summary>
public readonly record struct MessageHeader(
    ushort MessageId, Command Command, uint Size, MessageType Type, bool NoReply = false, bool IsError = false, uint Errno = 0)
{
    public const int Length = 16;
    private const uint TypeMask = 0xF, NoReplyBit = 0x10, ErrorBit = 0x20;

    public uint Flags => (uint)Type | (NoReply ? NoReplyBit : 0) | (IsError ? ErrorBit : 0);

    public int PayloadLength => (int)(Size - Length);

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, MessageId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)Command);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Size);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Errno);
    }

    /// <summary>Decodes a header; rejects a size smaller than the header and unknown flag bits' types.</summary>
    public static MessageHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Length) throw new VfioUserProtocolException($"header needs {Length} bytes, got {source.Length}");
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]);
        if (size < Length) throw new VfioUserProtocolException($"message size {size} is smaller than the header");
        uint type = flags & TypeMask;
        if (type > (uint)MessageType.Reply) throw new VfioUserProtocolException($"unknown message type {type}");
        return new MessageHeader(
            BinaryPrimitives.ReadUInt16LittleEndian(source),
            (Command)BinaryPrimitives.ReadUInt16LittleEndian(source[2..]),
            size, (MessageType)type, (flags & NoReplyBit) != 0, (flags & ErrorBit) != 0,
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));
    }
}
