using System;

namespace Solo5Net.Runtime.Text
{
    /// <summary>Integer formatting without allocation (into a span) or into a new string.</summary>
    public static class Number
    {
        /// <summary>Decimal digits of <paramref name="value"/>; returns the count written (buffer ≥ 20).</summary>
        public static int FormatDecimal(ulong value, Span<char> destination)
        {
            Span<char> reversed = stackalloc char[20];
            int n = 0;
            do { reversed[n++] = (char)('0' + (int)(value % 10)); value /= 10; } while (value != 0);
            for (int i = 0; i < n; i++) destination[i] = reversed[n - 1 - i];
            return n;
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
            int digits = 1;
            for (ulong rest = value >> 4; rest != 0; rest >>= 4) digits++;
            if (digits < minDigits) digits = minDigits;
            for (int i = digits - 1; i >= 0; i--)
            {
                int nibble = (int)(value & 0xF);
                destination[i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
                value >>= 4;
            }
            return digits;
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
