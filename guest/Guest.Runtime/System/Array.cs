using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>Base of all arrays. Layout (contract with ilc): MethodTable pointer, 32-bit length,
    /// padding to 8 bytes, elements.</summary>
    public abstract unsafe class Array
    {
        private readonly int _numComponents;

        public int Length => _numComponents;

        /// <summary>The first element: 8 bytes after the length (length and padding). A reference, not
        /// a pinned pointer: there is no garbage collector to move the array (Solo5Net.Runtime.Heap),
        /// and a pinned local, inlined into every span made from an array, was zeroed in its caller's
        /// prologue with SSE, which this machine runs through a #UD trap (docs/platform.md §2).
        /// Inlined: without the pin ilc no longer inlined it by itself.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal ref byte GetRawArrayData() =>
            ref Unsafe.AddByteOffset(ref Unsafe.As<int, byte>(ref Unsafe.AsRef(in _numComponents)), 8);

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
