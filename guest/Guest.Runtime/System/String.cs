using System.Runtime.CompilerServices;
using Solo5Net.Runtime;

namespace System
{
    /// <summary>Immutable UTF-16 text. Literals live in the image (frozen); strings built at run time
    /// (Concat, Substring, number formatting) are allocated from the guest heap and never freed.</summary>
    public sealed unsafe class String
    {
        // Names and order are a contract with ilc (its static pre-initialiser reads _stringLength).
        private readonly int _stringLength;
        private char _firstChar;

        public static readonly string Empty = "";

        public int Length => _stringLength;

        [IndexerName("Chars")]
        public char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength) Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
                fixed (char* p = &_firstChar) return p[index];
            }
        }

        public ref readonly char GetPinnableReference() => ref _firstChar;

        // C# 14 lowers string → ReadOnlySpan<char> to MemoryExtensions.AsSpan(string), which calls this.
        public static implicit operator ReadOnlySpan<char>(string value) =>
            (object)value == null ? default : new ReadOnlySpan<char>(ref value._firstChar, value._stringLength);

        public ReadOnlySpan<char> AsSpan() => new ReadOnlySpan<char>(ref _firstChar, _stringLength);

        public override string ToString() => this;

        public static bool operator ==(string a, string b) => Equals(a, b);
        public static bool operator !=(string a, string b) => !Equals(a, b);

        public static bool Equals(string a, string b)
        {
            if ((object)a == (object)b) return true;
            if ((object)a == null || (object)b == null || a._stringLength != b._stringLength) return false;
            return ((ReadOnlySpan<char>)a).SequenceEqual(b);
        }

        public bool Equals(string other) => Equals(this, other);

        public static bool IsNullOrEmpty(string value) => (object)value == null || value._stringLength == 0;

        public bool StartsWith(string value) =>
            value._stringLength <= _stringLength && AsSpan().Slice(0, value._stringLength).SequenceEqual(value);

        public int IndexOf(char c)
        {
            for (int i = 0; i < _stringLength; i++) if (this[i] == c) return i;
            return -1;
        }

        public string Substring(int start) => Substring(start, _stringLength - start);

        public string Substring(int start, int length)
        {
            if ((uint)start > (uint)_stringLength || (uint)length > (uint)(_stringLength - start))
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            if (length == _stringLength) return this;
            return new string(AsSpan().Slice(start, length));
        }

        public static string Concat(string a, string b) => Concat(a, b, null, null);
        public static string Concat(string a, string b, string c) => Concat(a, b, c, null);

        public static string Concat(string a, string b, string c, string d)
        {
            int length = LengthOf(a) + LengthOf(b) + LengthOf(c) + LengthOf(d);
            if (length == 0) return Empty;
            string result = FastAllocate(length);
            Span<char> dest = new Span<char>(ref result._firstChar, length);
            int at = 0;
            at = Append(dest, at, a); at = Append(dest, at, b); at = Append(dest, at, c); Append(dest, at, d);
            return result;
        }

        public static string Concat(params string[] values)
        {
            int length = 0;
            foreach (string s in values) length += LengthOf(s);
            if (length == 0) return Empty;
            string result = FastAllocate(length);
            Span<char> dest = new Span<char>(ref result._firstChar, length);
            int at = 0;
            foreach (string s in values) at = Append(dest, at, s);
            return result;
        }

        public static string Concat(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
        {
            string result = FastAllocate(a.Length + b.Length);
            Span<char> dest = new Span<char>(ref result._firstChar, result._stringLength);
            a.CopyTo(dest);
            b.CopyTo(dest.Slice(a.Length));
            return result;
        }

        // `new string(span)`: the compiler calls the constructor, ilc redirects it to Ctor below.
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(ReadOnlySpan<char> value);

        private static string Ctor(ReadOnlySpan<char> value)
        {
            if (value.Length == 0) return Empty;
            string result = FastAllocate(value.Length);
            value.CopyTo(new Span<char>(ref result._firstChar, value.Length));
            return result;
        }

        /// <summary>A new string of <paramref name="length"/> characters from ASCII/Latin-1 bytes.</summary>
        public static string FromLatin1(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0) return Empty;
            string result = FastAllocate(bytes.Length);
            fixed (char* p = &result._firstChar)
                for (int i = 0; i < bytes.Length; i++) p[i] = (char)bytes[i];
            return result;
        }

        internal static string FastAllocate(int length)
        {
            // Every string literal carries the string MethodTable; "" is always in the image.
            return Unsafe.As<string>(Heap.AllocateArray(Empty.m_pEEType, length));
        }

        private static int LengthOf(string s) => (object)s == null ? 0 : s._stringLength;

        private static int Append(Span<char> dest, int at, string s)
        {
            if ((object)s == null) return at;
            ((ReadOnlySpan<char>)s).CopyTo(dest.Slice(at));
            return at + s._stringLength;
        }
    }
}
