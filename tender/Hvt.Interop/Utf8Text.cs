using System.Text;

namespace Solo5Net.Interop;

/// <summary>
/// UTF-8 for system calls and the guest: the bytes of <see cref="Encoding.UTF8"/>, but text that
/// is all ASCII (nearly every path, device name and command line) is copied char by char, without
/// Encoding.UTF8's set-up (which cost a JIT build about a millisecond of every boot).
/// </summary>
public static class Utf8Text
{
    public static byte[] GetBytes(string text)
    {
        if (!IsAscii(text)) return Encoding.UTF8.GetBytes(text);
        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
        return bytes;
    }

    /// <summary>The UTF-8 length of <paramref name="text"/>.</summary>
    public static int ByteCount(string text) => IsAscii(text) ? text.Length : Encoding.UTF8.GetByteCount(text);

    /// <summary>Writes <paramref name="text"/> into <paramref name="destination"/> (which must hold
    /// <see cref="ByteCount"/> bytes); returns the bytes written.</summary>
    public static int Write(string text, Span<byte> destination)
    {
        if (!IsAscii(text)) return Encoding.UTF8.GetBytes(text, destination);
        for (int i = 0; i < text.Length; i++) destination[i] = (byte)text[i];
        return text.Length;
    }

    private static bool IsAscii(string text)
    {
        foreach (char c in text)
            if (c >= 0x80) return false;
        return true;
    }
}
