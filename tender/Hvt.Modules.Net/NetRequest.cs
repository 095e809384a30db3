using System.Buffers.Binary;

namespace Solo5Net.Hvt.Modules.Net;

/// <summary>
/// The NET_WRITE / NET_READ argument struct (32 bytes, docs/hvt-abi.md §4.3): handle, data pointer,
/// length (IN; for NET_READ also OUT = bytes received), ret (i32 OUT at 24).
/// </summary>
public readonly record struct NetRequest(ulong Handle, ulong Data, ulong Length)
{
    public const int Size = 32;
    private const int LengthOffset = 16, RetOffset = 24;

    public static NetRequest Read(ReadOnlySpan<byte> arg) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(arg),
        BinaryPrimitives.ReadUInt64LittleEndian(arg[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(arg[LengthOffset..]));

    public static void WriteResult(Span<byte> arg, Solo5Result result) =>
        BinaryPrimitives.WriteInt32LittleEndian(arg[RetOffset..], (int)result);

    public static void WriteLength(Span<byte> arg, ulong length) =>
        BinaryPrimitives.WriteUInt64LittleEndian(arg[LengthOffset..], length);
}
