using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Solo5Net.EchoServer.Net;

/// <summary>A 48-bit Ethernet address kept in one integer (first octet most significant), so it
/// compares and copies without arrays.</summary>
public readonly struct MacAddress
{
    public readonly ulong Value;

    public MacAddress(ulong value) => Value = value & 0xFFFF_FFFF_FFFFUL;

    public static MacAddress Broadcast => new(0xFFFF_FFFF_FFFFUL);

    public bool IsBroadcast => Value == 0xFFFF_FFFF_FFFFUL;

    public bool IsMulticast => ((Value >> 40) & 1) != 0;

    public bool Same(MacAddress other) => Value == other.Value;

    /// <summary>The six octets as they lie in a frame read as a little-endian integer (first octet
    /// lowest): what a frame's address compares to without a byte swap.</summary>
    public ulong InMemory => BinaryPrimitives.ReverseEndianness(Value << 16);

    /// <summary>The six octets at <paramref name="offset"/>: one 16-bit and one 32-bit big-endian field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MacAddress Read(ReadOnlySpan<byte> s, int offset)
    {
        var octets = s.Slice(offset, 6);
        return new MacAddress(((ulong)BigEndian.ReadUInt16(octets, 0) << 32) | BigEndian.ReadUInt32(octets, 2));
    }

    /// <summary>The six octets at <paramref name="start"/>, unchecked: for a caller that checked the room.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUnchecked(ref byte start)
    {
        BigEndian.WriteUInt16Unchecked(ref start, 0, (ushort)(Value >> 32));
        BigEndian.WriteUInt32Unchecked(ref start, 2, (uint)Value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(Span<byte> s, int offset)
    {
        var octets = s.Slice(offset, 6);
        BigEndian.WriteUInt16(octets, 0, (ushort)(Value >> 32));
        BigEndian.WriteUInt32(octets, 2, (uint)Value);
    }
}
