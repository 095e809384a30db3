using System;
using System.Runtime.CompilerServices;

namespace Solo5Net.Runtime.Text
{
    /// <summary>Integer formatting without allocation (into a span of chars or of ASCII bytes) or
    /// into a new string. The byte forms are what console text uses: no UTF-16 step, and hex digits
    /// eight at a time in one register (guest code runs at about 1 µs an instruction here).</summary>
    public static unsafe class Number
    {
        /// <summary>How many lower-case hex digits <paramref name="value"/> has (1 for 0, at most 16).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int HexDigitCount(ulong value)
        {
            int digits = 1;
            if (value >> 32 != 0) { digits += 8; value >>= 32; }
            if (value >> 16 != 0) { digits += 4; value >>= 16; }
            if (value >> 8 != 0) { digits += 2; value >>= 8; }
            if (value >> 4 != 0) digits++;
            return digits;
        }

        /// <summary>How many decimal digits <paramref name="value"/> has (1 for 0, at most 20).</summary>
        public static int DecimalDigitCount(ulong value)
        {
            int digits = 1;
            while (value >= 10) { value /= 10; digits++; }
            return digits;
        }

        /// <summary>Lower-case hex digits as ASCII bytes, no prefix, at least <paramref name="minDigits"/>
        /// digits; returns the count written. A destination of 16 bytes or more may also be written past
        /// the digits (scratch, within its length); a shorter one must hold the digits.</summary>
        public static int FormatHex(ulong value, Span<byte> destination, int minDigits = 1)
        {
            int digits = HexDigitCount(value);
            int zeros = minDigits > digits ? minDigits - digits : 0;
            if ((uint)(digits + zeros) > (uint)destination.Length)
                throw new ArgumentException();
            fixed (byte* start = destination) WritePaddedHex(start, destination.Length, value, digits, zeros);
            return digits + zeros;
        }

        // Apart from FormatHex: a Span local next to stackalloc gets zeroed with SSE (a #UD round trip here).
        private static void WritePaddedHex(byte* p, int room, ulong value, int digits, int zeros)
        {
            for (int i = 0; i < zeros; i++) *p++ = (byte)'0';
            if (room - zeros >= 16) { WriteHex(p, value, digits); return; }
            byte* scratch = stackalloc byte[16];
            WriteHex(scratch, value, digits);
            for (int i = 0; i < digits; i++) p[i] = scratch[i];
        }

        /// <summary>Writes the <paramref name="digits"/> (= HexDigitCount) hex digits of
        /// <paramref name="value"/> at <paramref name="destination"/>, which must have 16 bytes of room:
        /// 8 or 16 bytes are stored, the digits first.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteHex(byte* destination, ulong value, int digits)
        {
            if (digits <= 8)
            {
                // Shift the digits to the top of 32 bits: the first stored byte is the leading digit.
                *(ulong*)destination = HexAscii8((uint)(value << (32 - 4 * digits)));
                return;
            }
            value <<= 64 - 4 * digits;
            *(ulong*)destination = HexAscii8((uint)(value >> 32));
            *(ulong*)(destination + 8) = HexAscii8((uint)value);
        }

        /// <summary>The 8 hex digits of <paramref name="value"/> as ASCII bytes in memory order
        /// (little-endian: the most significant digit in the lowest byte). Plain 64-bit integer code
        /// and one BSWAP.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong HexAscii8(uint value)
        {
            // Spread the nibbles to one byte each: nibble k in byte k.
            ulong x = value;
            x = (x | x << 16) & 0x0000FFFF_0000FFFFUL;
            x = (x | x << 8) & 0x00FF00FF_00FF00FFUL;
            x = (x | x << 4) & 0x0F0F0F0F_0F0F0F0FUL;
            // Bytes 10..15 get bit 4 set by +6; they need 'a' - '0' - 10 = 39 more than '0' + n.
            ulong letters = ((x + 0x06060606_06060606UL) >> 4) & 0x01010101_01010101UL;
            return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x + 0x30303030_30303030UL + letters * 39);
        }

        /// <summary>Decimal digits as ASCII bytes; returns the count written (the destination must hold them).</summary>
        public static int FormatDecimal(ulong value, Span<byte> destination)
        {
            int digits = DecimalDigitCount(value);
            if ((uint)digits > (uint)destination.Length) throw new ArgumentException();
            fixed (byte* start = destination) WriteDecimal(start, value, digits);
            return digits;
        }

        /// <summary>Writes the <paramref name="digits"/> (= DecimalDigitCount) decimal digits of
        /// <paramref name="value"/> at <paramref name="destination"/>.</summary>
        public static void WriteDecimal(byte* destination, ulong value, int digits)
        {
            byte* p = destination + digits;
            do { ulong q = value / 10; *--p = (byte)('0' + (int)(value - q * 10)); value = q; } while (value != 0);
        }

        public static int FormatDecimal(long value, Span<byte> destination)
        {
            if (value >= 0) return FormatDecimal((ulong)value, destination);
            if (destination.Length == 0) throw new ArgumentException();
            destination[0] = (byte)'-';
            return 1 + FormatDecimal(0UL - (ulong)value, destination.Slice(1));
        }

        /// <summary>Decimal digits of <paramref name="value"/>; returns the count written (the destination must hold them).</summary>
        public static int FormatDecimal(ulong value, Span<char> destination)
        {
            byte* digits = stackalloc byte[20];
            int n = DecimalDigitCount(value);
            WriteDecimal(digits, value, n);
            return Widen(digits, n, destination, 0);
        }

        public static int FormatDecimal(long value, Span<char> destination)
        {
            if (value >= 0) return FormatDecimal((ulong)value, destination);
            destination[0] = '-';
            return 1 + FormatDecimal(0UL - (ulong)value, destination.Slice(1));
        }

        /// <summary>Lower-case hexadecimal digits, no prefix; at least <paramref name="minDigits"/> digits.</summary>
        public static int FormatHex(ulong value, Span<char> destination, int minDigits = 1)
        {
            byte* digits = stackalloc byte[16];
            int n = HexDigitCount(value);
            WriteHex(digits, value, n);
            int zeros = minDigits > n ? minDigits - n : 0;
            for (int i = 0; i < zeros; i++) destination[i] = '0';
            return zeros + Widen(digits, n, destination, zeros);
        }

        /// <summary>The chars of <paramref name="count"/> ASCII bytes, at <paramref name="at"/> in <paramref name="destination"/>.</summary>
        private static int Widen(byte* ascii, int count, Span<char> destination, int at)
        {
            for (int i = 0; i < count; i++) destination[at + i] = (char)ascii[i];
            return count;
        }

        public static string Format(long value)
        {
            Span<char> buffer = stackalloc char[21];
            return new string(buffer.Slice(0, FormatDecimal(value, buffer)));
        }

        public static string Format(ulong value)
        {
            Span<char> buffer = stackalloc char[20];
            return new string(buffer.Slice(0, FormatDecimal(value, buffer)));
        }

        public static string FormatHex(ulong value)
        {
            Span<char> buffer = stackalloc char[16];
            return new string(buffer.Slice(0, FormatHex(value, buffer)));
        }

        /// <summary>Parses an unsigned decimal number; false on empty input, a non-digit or overflow.</summary>
        public static bool TryParse(ReadOnlySpan<char> text, out ulong value)
        {
            value = 0;
            if (text.Length == 0) return false;
            foreach (char c in text)
            {
                if (c < '0' || c > '9') return false;
                ulong digit = (ulong)(c - '0');
                if (value > (ulong.MaxValue - digit) / 10) return false;
                value = value * 10 + digit;
            }
            return true;
        }
    }
}
