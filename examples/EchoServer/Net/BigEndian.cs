using System;

namespace Solo5Net.EchoServer.Net;

/// <summary>Network byte order reads and writes. Written out by hand so the same source compiles
/// against the guest runtime, which has no BinaryPrimitives.</summary>
public static class BigEndian
{
    public static ushort ReadUInt16(ReadOnlySpan<byte> s, int offset) =>
        (ushort)((s[offset] << 8) | s[offset + 1]);

    public static uint ReadUInt32(ReadOnlySpan<byte> s, int offset) =>
        ((uint)s[offset] << 24) | ((uint)s[offset + 1] << 16) | ((uint)s[offset + 2] << 8) | s[offset + 3];

    public static void WriteUInt16(Span<byte> s, int offset, ushort value)
    {
        s[offset] = (byte)(value >> 8);
        s[offset + 1] = (byte)value;
    }

    public static void WriteUInt32(Span<byte> s, int offset, uint value)
    {
        s[offset] = (byte)(value >> 24);
        s[offset + 1] = (byte)(value >> 16);
        s[offset + 2] = (byte)(value >> 8);
        s[offset + 3] = (byte)value;
    }
}
