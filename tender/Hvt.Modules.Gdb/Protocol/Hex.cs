namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>The hexadecimal forms of the remote protocol: numbers (most significant digit first) and byte strings (two digits a byte).</summary>
public static class Hex
{
    private const string Digits = "0123456789abcdef";

    public static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>A number of 1–16 hex digits; false for anything else (empty, a stray character, more than 64 bits).</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 16) return false;
        foreach (char c in text)
        {
            int digit = DigitValue(c);
            if (digit < 0) return false;
            value = value << 4 | (uint)digit;
        }
        return true;
    }

    /// <summary>Bytes from pairs of hex digits; false if the length is odd or a character is not a digit.</summary>
    public static bool TryDecodeBytes(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 2 != 0) return false;
        var result = new byte[text.Length / 2];
        for (int i = 0; i < result.Length; i++)
        {
            int high = DigitValue(text[2 * i]), low = DigitValue(text[2 * i + 1]);
            if (high < 0 || low < 0) return false;
            result[i] = (byte)(high << 4 | low);
        }
        bytes = result;
        return true;
    }

    public static void AppendBytes(System.Text.StringBuilder to, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes) to.Append(Digits[b >> 4]).Append(Digits[b & 0xF]);
    }

    public static string EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        var text = new System.Text.StringBuilder(bytes.Length * 2);
        AppendBytes(text, bytes);
        return text.ToString();
    }

    /// <summary>The value's <paramref name="size"/> low bytes in target (little-endian) order, as hex.</summary>
    public static void AppendLittleEndian(System.Text.StringBuilder to, ulong value, int size)
    {
        for (int i = 0; i < size; i++, value >>= 8) to.Append(Digits[(int)(value >> 4 & 0xF)]).Append(Digits[(int)(value & 0xF)]);
    }

    /// <summary>A little-endian value of <paramref name="size"/> bytes from 2 × size hex digits.</summary>
    public static bool TryParseLittleEndian(ReadOnlySpan<char> text, int size, out ulong value)
    {
        value = 0;
        if (text.Length != 2 * size || !TryDecodeBytes(text, out var bytes)) return false;
        for (int i = size - 1; i >= 0; i--) value = value << 8 | bytes[i];
        return true;
    }

    public static string Byte(int value) => $"{value & 0xFF:x2}";
}
