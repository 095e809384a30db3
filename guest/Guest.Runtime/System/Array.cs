using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>Base of all arrays. Layout (contract with ilc): MethodTable pointer, 32-bit length,
    /// padding to 8 bytes, elements.</summary>
    public abstract unsafe class Array
    {
        private readonly int _numComponents;

        public int Length => _numComponents;

        internal ref byte GetRawArrayData()
        {
            fixed (int* p = &_numComponents) return ref *(byte*)(p + 2);
        }

        public static void Copy<T>(T[] source, int sourceIndex, T[] destination, int destinationIndex, int length) =>
            new ReadOnlySpan<T>(source, sourceIndex, length).CopyTo(new Span<T>(destination, destinationIndex, length));

        public static void Clear<T>(T[] array) => new Span<T>(array).Clear();

        public static T[] Empty<T>() => EmptyArray<T>.Value;

        private static class EmptyArray<T>
        {
            internal static readonly T[] Value = new T[0];
        }
    }

    // ilc gives every T[] this type's members (IList<T> etc. are not supported here).
    public class Array<T> : Array { }
}
