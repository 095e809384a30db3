using System.Buffers.Binary;

namespace Solo5Net.Hvt.Modules.Block;

/// <summary>
/// The BLOCK_WRITE / BLOCK_READ argument struct (40 bytes, docs/hvt-abi.md §4.3): handle, offset,
/// data pointer, length (all IN), ret (i32 OUT at 32).
/// </summary>
public readonly record struct BlockRequest(ulong Handle, ulong Offset, ulong Data, ulong Length)
{
    public const int Size = 40;
    private const int RetOffset = 32;

    public static BlockRequest Read(ReadOnlySpan<byte> arg) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(arg),
        BinaryPrimitives.ReadUInt64LittleEndian(arg[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(arg[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(arg[24..]));

    public static void WriteResult(Span<byte> arg, Solo5Result result) =>
        BinaryPrimitives.WriteInt32LittleEndian(arg[RetOffset..], (int)result);
}
