using System;

namespace Solo5Net.Runtime.Text
{
    /// <summary>UTF-16 ⇄ UTF-8 without allocation (unpaired surrogates and malformed bytes become U+FFFD).</summary>
    public static class Utf8
    {
        /// <summary>Decodes UTF-8 into <paramref name="destination"/> (needs at most one char per byte);
        /// returns the chars written. Each malformed byte becomes one U+FFFD.</summary>
        public static int Decode(ReadOnlySpan<byte> bytes, Span<char> destination)
        {
            int written = 0, i = 0;
            while (i < bytes.Length)
            {
                uint b = bytes[i];
                int length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
                uint c = length switch { 1 => b, 2 => b & 0x1F, 3 => b & 0x0F, 4 => b & 0x07, _ => 0 };
                bool valid = length != 0 && i + length <= bytes.Length;
                for (int k = 1; valid && k < length; k++)
                {
                    uint next = bytes[i + k];
                    if ((next & 0xC0) != 0x80) valid = false;
                    else c = (c << 6) | (next & 0x3F);
                }
                // Reject overlong forms, surrogates and values beyond U+10FFFF.
                if (valid && (length == 2 && c < 0x80 || length == 3 && (c < 0x800 || c >= 0xD800 && c <= 0xDFFF) || length == 4 && (c < 0x10000 || c > 0x10FFFF)))
                    valid = false;
                if (!valid) { destination[written++] = (char)0xFFFD; i++; continue; }
                if (c >= 0x10000)
                {
                    c -= 0x10000;
                    destination[written++] = (char)(0xD800 + (c >> 10));
                    destination[written++] = (char)(0xDC00 + (c & 0x3FF));
                }
                else destination[written++] = (char)c;
                i += length;
            }
            return written;
        }

        /// <summary>Encodes as much of <paramref name="text"/> as fits in <paramref name="destination"/>
        /// (never splitting a character); returns bytes written, <paramref name="charsRead"/> = chars consumed.</summary>
        public static int Encode(ReadOnlySpan<char> text, Span<byte> destination, out int charsRead)
        {
            int read = EncodeAsciiPrefix(text, destination);
            int written = read;
            while (read < text.Length)
            {
                uint c = text[read];
                int consumed = 1;
                if (c >= 0xD800 && c <= 0xDBFF && read + 1 < text.Length && text[read + 1] >= 0xDC00 && text[read + 1] <= 0xDFFF)
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + (uint)(text[read + 1] - 0xDC00);
                    consumed = 2;
                }
                else if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;

                int length = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
                if (written + length > destination.Length) break;
                switch (length)
                {
                    case 1: destination[written] = (byte)c; break;
                    case 2: destination[written] = (byte)(0xC0 | (c >> 6)); destination[written + 1] = (byte)(0x80 | (c & 0x3F)); break;
                    case 3:
                        destination[written] = (byte)(0xE0 | (c >> 12)); destination[written + 1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                        destination[written + 2] = (byte)(0x80 | (c & 0x3F)); break;
                    default:
                        destination[written] = (byte)(0xF0 | (c >> 18)); destination[written + 1] = (byte)(0x80 | ((c >> 12) & 0x3F));
                        destination[written + 2] = (byte)(0x80 | ((c >> 6) & 0x3F)); destination[written + 3] = (byte)(0x80 | (c & 0x3F)); break;
                }
                written += length;
                read += consumed;
            }
            charsRead = read;
            return written;
        }

        /// <summary>Copies the leading ASCII chars as bytes, four at a time, and returns how many:
        /// guest code runs at about 1 µs an instruction on this machine's KVM, and console text is
        /// almost always ASCII. Plain 64-bit integer code (no SSE, which that KVM cannot run).</summary>
        private static unsafe int EncodeAsciiPrefix(ReadOnlySpan<char> text, Span<byte> destination)
        {
            int n = text.Length < destination.Length ? text.Length : destination.Length;
            int i = 0;
            fixed (char* source = text)
            fixed (byte* target = destination)
            {
                while (i + 4 <= n)
                {
                    ulong four = *(ulong*)(source + i);
                    if ((four & 0xFF80_FF80_FF80_FF80UL) != 0) break;
                    *(uint*)(target + i) = (uint)(four & 0xFF) | (uint)((four >> 8) & 0xFF00)
                        | (uint)((four >> 16) & 0xFF_0000) | (uint)((four >> 24) & 0xFF00_0000);
                    i += 4;
                }
                while (i < n && source[i] < 0x80)
                {
                    target[i] = (byte)source[i];
                    i++;
                }
            }
            return i;
        }
    }
}
