using System;

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

    public static MacAddress Read(ReadOnlySpan<byte> s, int offset)
    {
        ulong v = 0;
        for (var i = 0; i < 6; i++) v = (v << 8) | s[offset + i];
        return new MacAddress(v);
    }

    public void Write(Span<byte> s, int offset)
    {
        for (var i = 0; i < 6; i++) s[offset + i] = (byte)(Value >> (40 - 8 * i));
    }
}
