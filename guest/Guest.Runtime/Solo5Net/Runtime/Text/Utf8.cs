using System;
using System.Runtime.CompilerServices;

namespace Solo5Net.Runtime.Text
{
    /// <summary>UTF-16 ⇄ UTF-8 without allocation (unpaired surrogates and malformed bytes become U+FFFD).</summary>
    public static class Utf8
    {
        /// <summary>Decodes UTF-8 into <paramref name="destination"/> (needs at most one char per byte);
        /// returns the chars written. Each malformed byte becomes one U+FFFD.</summary>
        public static int Decode(ReadOnlySpan<byte> bytes, Span<char> destination)
        {
            int written = DecodeAsciiPrefix(bytes, destination), i = written;
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

        /// <summary>Copies the leading ASCII chars as bytes, eight at a time, and returns how many:
        /// guest code runs at about 1 µs an instruction on this machine's KVM, and console text is
        /// almost always ASCII. Plain 64-bit integer code (no SSE, which that KVM cannot run).</summary>
        private static unsafe int EncodeAsciiPrefix(ReadOnlySpan<char> text, Span<byte> destination)
        {
            int n = text.Length < destination.Length ? text.Length : destination.Length;
            int i = 0;
            fixed (char* source = text)
            fixed (byte* target = destination)
            {
                for (; i <= n - 8; i += 8)
                {
                    ulong low = *(ulong*)(source + i), high = *(ulong*)(source + i + 4);
                    if (((low | high) & 0xFF80_FF80_FF80_FF80UL) != 0) break;
                    *(ulong*)(target + i) = NarrowAscii4(low) | (ulong)NarrowAscii4(high) << 32;
                }
                for (; i < n; i++)
                {
                    char c = source[i];
                    if (c >= 0x80) break;
                    target[i] = (byte)c;
                }
            }
            return i;
        }

        /// <summary>Four chars below 0x80 (16-bit lanes c0..c3) → the four bytes c0..c3.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint NarrowAscii4(ulong chars)
        {
            chars = (chars | chars >> 8) & 0x0000FFFF_0000FFFFUL;   // c0 c1 in bytes 0-1, c2 c3 in bytes 4-5
            return (uint)(chars | chars >> 16);
        }

        /// <summary>Widens the leading ASCII bytes to chars, eight at a time; returns how many.</summary>
        private static unsafe int DecodeAsciiPrefix(ReadOnlySpan<byte> bytes, Span<char> destination)
        {
            int n = bytes.Length < destination.Length ? bytes.Length : destination.Length;
            int i = 0;
            fixed (byte* source = bytes)
            fixed (char* target = destination)
            {
                for (; i <= n - 8; i += 8)
                {
                    ulong eight = *(ulong*)(source + i);
                    if ((eight & 0x8080_8080_8080_8080UL) != 0) break;
                    *(ulong*)(target + i) = WidenAscii4((uint)eight);
                    *(ulong*)(target + i + 4) = WidenAscii4((uint)(eight >> 32));
                }
                for (; i < n; i++)
                {
                    byte b = source[i];
                    if (b >= 0x80) break;
                    target[i] = (char)b;
                }
            }
            return i;
        }

        /// <summary>Four bytes b0..b3 → four 16-bit lanes b0..b3.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong WidenAscii4(uint bytes)
        {
            ulong x = bytes;
            x = (x | x << 16) & 0x0000FFFF_0000FFFFUL;
            return (x | x << 8) & 0x00FF00FF_00FF00FFUL;
        }
    }
}
