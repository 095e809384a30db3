using System.Globalization;
using System.Text;

namespace Solo5Net.Tests.Manifest.Support;

/// <summary>Writing expected bytes by hand: hex text, zero runs, ASCII names padded to a width.</summary>
public static class Bytes
{
    public static byte[] Hex(string text) =>
        text.Split([' ', '\n', '\r', '|'], StringSplitOptions.RemoveEmptyEntries)
            .Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();

    public static byte[] Zeros(int count) => new byte[count];

    public static byte[] Ascii(string text, int width)
    {
        var b = new byte[width];
        Encoding.ASCII.GetBytes(text).CopyTo(b, 0);
        return b;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] U32(uint v) => BitConverter.GetBytes(v);
    public static byte[] U64(ulong v) => BitConverter.GetBytes(v);
    public static byte[] U16(ushort v) => BitConverter.GetBytes(v);
}
