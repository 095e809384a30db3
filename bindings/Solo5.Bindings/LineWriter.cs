using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Solo5Net.Runtime.Text;

namespace Solo5Net.Guest
{
    /// <summary>Builds one console line in caller-provided memory (stackalloc or an array; neither
    /// moves, there is no GC) and writes it with a single PUTS; no allocation. Text that does not
    /// fit is cut. Holds a raw pointer rather than a Span so that a LineWriter local needs no
    /// zeroing (the JIT zeroes GC-tracked struct locals with SSE, which this KVM cannot run).</summary>
    public unsafe ref struct LineWriter
    {
        private readonly byte* _buffer;
        private readonly int _capacity;
        private int _length;

        public LineWriter(Span<byte> buffer)
        {
            _buffer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer));
            _capacity = buffer.Length;
            _length = 0;
        }

        public ReadOnlySpan<byte> Written => new ReadOnlySpan<byte>(_buffer, _length);

        private Span<byte> Free => new Span<byte>(_buffer + _length, _capacity - _length);

        public LineWriter Append(string text)
        {
            _length += Utf8.Encode(text, Free, out _);
            return this;
        }

        public LineWriter Append(scoped ReadOnlySpan<char> text)
        {
            _length += Utf8.Encode(text, Free, out _);
            return this;
        }

        /// <summary>UTF-8 bytes as they are (e.g. a "..."u8 literal: no encoding at run time).</summary>
        public LineWriter Append(scoped ReadOnlySpan<byte> utf8)
        {
            int n = utf8.Length;
            int free = _capacity - _length;
            if (n > free) n = free;
            // No `fixed`: nothing moves in a guest, and a pinned local costs zeroing in every call.
            Buffer.Memmove(_buffer + _length, (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(utf8)), (nuint)n);
            _length += n;
            return this;
        }

        public LineWriter AppendBytes(scoped ReadOnlySpan<byte> bytes) => Append(bytes);

        public LineWriter Append(long value)
        {
            if (value >= 0) return Append((ulong)value);
            Append("-"u8);
            return Append(0UL - (ulong)value);
        }

        public LineWriter Append(ulong value)
        {
            int digits = Number.DecimalDigitCount(value);
            if (digits > _capacity - _length) return AppendCut(value, hex: false, minDigits: 1);
            Number.WriteDecimal(_buffer + _length, value, digits);
            _length += digits;
            return this;
        }

        /// <summary>"0x" and lower-case hex digits (at least <paramref name="minDigits"/>).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]   // one copy of the digit code, not one per call site
        public LineWriter AppendHex(ulong value, int minDigits = 1)
        {
            int digits = Number.HexDigitCount(value);
            if (minDigits <= digits && _capacity - _length >= 18)
            {
                byte* p = _buffer + _length;
                *(ushort*)p = '0' | 'x' << 8;
                Number.WriteHex(p + 2, value, digits);
                _length += 2 + digits;
                return this;
            }
            return AppendCut(value, hex: true, minDigits);
        }

        /// <summary>A number near the end of the buffer, or zero-padded hex: formatted aside, then as
        /// much of it as fits (out of line: its stack buffer would cost every call a guard check).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private LineWriter AppendCut(ulong value, bool hex, int minDigits)
        {
            byte* text = stackalloc byte[2 + 64];
            int n;
            if (hex)
            {
                text[0] = (byte)'0'; text[1] = (byte)'x';
                n = 2 + Number.FormatHex(value, new Span<byte>(text + 2, 64), minDigits > 64 ? 64 : minDigits);
            }
            else n = Number.FormatDecimal(value, new Span<byte>(text, 64));
            return Append(new ReadOnlySpan<byte>(text, n));
        }

        public void WriteToConsole() => Solo5.ConsoleWrite(Written);
    }
}
