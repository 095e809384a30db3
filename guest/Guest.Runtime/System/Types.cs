namespace System
{
    // Handles and Type exist because the compiler and ilc refer to them; there is no reflection.
    public struct RuntimeTypeHandle { private IntPtr _value; internal RuntimeTypeHandle(IntPtr value) { _value = value; } }
    public struct RuntimeMethodHandle { private IntPtr _value; internal RuntimeMethodHandle(IntPtr value) { _value = value; } }
    public struct RuntimeFieldHandle { private IntPtr _value; internal RuntimeFieldHandle(IntPtr value) { _value = value; } }
    public struct RuntimeArgumentHandle { private IntPtr _value; }
    public struct TypedReference { private IntPtr _value; private IntPtr _type; }

    public abstract class Type { }
    internal sealed class RuntimeType : Type { }

    public interface IDisposable { void Dispose(); }

    public interface IEquatable<T> { bool Equals(T other); }

    /// <summary>Range/Index support for `span[a..b]` and `^n`.</summary>
    public readonly struct Index
    {
        private readonly int _value;
        public Index(int value, bool fromEnd = false) { _value = fromEnd ? ~value : value; }
        public int Value => _value < 0 ? ~_value : _value;
        public bool IsFromEnd => _value < 0;
        public int GetOffset(int length) => _value < 0 ? length + _value + 1 : _value;
        public static implicit operator Index(int value) => new Index(value);
        public static Index Start => new Index(0);
        public static Index End => new Index(0, true);
    }

    public readonly struct Range
    {
        public Index Start { get; }
        public Index End { get; }
        public Range(Index start, Index end) { Start = start; End = end; }
    }
}

namespace System
{
    public interface IComparable<in T> { int CompareTo(T other); }
}

namespace System.Collections
{
    // Declared for the C# compiler (foreach over arrays is lowered to an index loop and never calls them).
    public interface IEnumerable { IEnumerator GetEnumerator(); }
    public interface IEnumerator { object Current { get; } bool MoveNext(); void Reset(); }
}
