using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Solo5Net.EchoServer.Net;

/// <summary>Network byte order reads and writes: one bounds check per field (the slice), then one
/// load or store and a BSWAP (ReverseEndianness, which the guest runtime provides for 32 and 64
/// bits). Inlined, since guest code runs about 1 µs per instruction and a call costs several.</summary>
public static class BigEndian
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16(ReadOnlySpan<byte> s, int offset) =>
        (ushort)(BinaryPrimitives.ReverseEndianness((uint)Unsafe.ReadUnaligned<ushort>(ref MemoryMarshal.GetReference(s.Slice(offset, 2)))) >> 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(ReadOnlySpan<byte> s, int offset) =>
        BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref MemoryMarshal.GetReference(s.Slice(offset, 4))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt16(Span<byte> s, int offset, ushort value) =>
        Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(s.Slice(offset, 2)), (ushort)(BinaryPrimitives.ReverseEndianness((uint)value) >> 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32(Span<byte> s, int offset, uint value) =>
        Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(s.Slice(offset, 4)), BinaryPrimitives.ReverseEndianness(value));

    /// <summary>The 32-bit field at <paramref name="offset"/> from <paramref name="start"/>, unchecked:
    /// for a header whose length was checked once before its fields are read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32Unchecked(ref byte start, int offset) =>
        BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset)));

    /// <summary>Writes the 16-bit field at <paramref name="offset"/> from <paramref name="start"/>,
    /// unchecked (see <see cref="ReadUInt32Unchecked"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt16Unchecked(ref byte start, int offset, ushort value) =>
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, offset), (ushort)(BinaryPrimitives.ReverseEndianness((uint)value) >> 16));

    /// <summary>Writes the 32-bit field at <paramref name="offset"/> from <paramref name="start"/>,
    /// unchecked (see <see cref="ReadUInt32Unchecked"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32Unchecked(ref byte start, int offset, uint value) =>
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, offset), BinaryPrimitives.ReverseEndianness(value));
}
