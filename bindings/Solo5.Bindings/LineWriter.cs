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

        public LineWriter AppendBytes(ReadOnlySpan<byte> bytes)
        {
            int n = Math.Min(bytes.Length, _capacity - _length);
            bytes.Slice(0, n).CopyTo(Free);
            _length += n;
            return this;
        }

        public LineWriter Append(long value)
        {
            Span<char> digits = stackalloc char[21];
            return Append(digits.Slice(0, Number.FormatDecimal(value, digits)));
        }

        public LineWriter Append(ulong value)
        {
            Span<char> digits = stackalloc char[20];
            return Append(digits.Slice(0, Number.FormatDecimal(value, digits)));
        }

        /// <summary>"0x" and lower-case hex digits.</summary>
        public LineWriter AppendHex(ulong value, int minDigits = 1)
        {
            Span<char> digits = stackalloc char[18];
            digits[0] = '0'; digits[1] = 'x';
            return Append(digits.Slice(0, 2 + Number.FormatHex(value, digits.Slice(2), minDigits)));
        }

        public void WriteToConsole() => Solo5.ConsoleWrite(Written);
    }
}
