using System.Runtime.CompilerServices;
using Internal.Runtime.CompilerHelpers;

namespace System
{
    /// <summary>A read-only, bounds-checked window over contiguous memory.</summary>
    public readonly ref struct ReadOnlySpan<T>
    {
        internal readonly ref T _reference;
        private readonly int _length;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan(T[] array)
        {
            if (array == null) { this = default; return; }
            _reference = ref Unsafe.As<byte, T>(ref array.GetRawArrayData());
            _length = array.Length;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan(T[] array, int start, int length)
        {
            if (array == null) { if (start != 0 || length != 0) ThrowHelpers.ThrowArgumentOutOfRangeException(); this = default; return; }
            if ((uint)start > (uint)array.Length || (uint)length > (uint)(array.Length - start)) ThrowHelpers.ThrowArgumentOutOfRangeException();
            _reference = ref Unsafe.Add(ref Unsafe.As<byte, T>(ref array.GetRawArrayData()), start);
            _length = length;
        }

        public unsafe ReadOnlySpan(void* pointer, int length)
        {
            if (length < 0) ThrowHelpers.ThrowArgumentOutOfRangeException();
            _reference = ref Unsafe.AsRef<T>(pointer);
            _length = length;
        }

        public ReadOnlySpan(ref readonly T reference) { _reference = ref Unsafe.AsRef(in reference); _length = 1; }

        internal ReadOnlySpan(ref T reference, int length) { _reference = ref reference; _length = length; }

        public int Length => _length;
        public bool IsEmpty => _length == 0;
        public static ReadOnlySpan<T> Empty => default;

        public ref readonly T this[int index]
        {
            [Intrinsic]
            get
            {
                if ((uint)index >= (uint)_length) ThrowHelpers.ThrowIndexOutOfRangeException();
                return ref Unsafe.Add(ref _reference, index);
            }
        }

        public ref readonly T GetPinnableReference() => ref (_length != 0 ? ref _reference : ref Unsafe.NullRef<T>());

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<T> Slice(int start)
        {
            if ((uint)start > (uint)_length) ThrowHelpers.ThrowArgumentOutOfRangeException();
            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), _length - start);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<T> Slice(int start, int length)
        {
            if ((uint)start > (uint)_length || (uint)length > (uint)(_length - start)) ThrowHelpers.ThrowArgumentOutOfRangeException();
            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), length);
        }

        public void CopyTo(Span<T> destination)
        {
            if (!TryCopyTo(destination)) ThrowHelpers.ThrowArgumentException();
        }

        public unsafe bool TryCopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length) return false;
            Buffer.Memmove((byte*)Unsafe.AsPointer(ref destination._reference), (byte*)Unsafe.AsPointer(ref _reference),
                (nuint)_length * (nuint)Unsafe.SizeOf<T>());
            return true;
        }

        public T[] ToArray()
        {
            var array = new T[_length];
            CopyTo(array);
            return array;
        }

        public static implicit operator ReadOnlySpan<T>(T[] array) => new ReadOnlySpan<T>(array);

        public Enumerator GetEnumerator() => new Enumerator(this);

        public ref struct Enumerator
        {
            private readonly ReadOnlySpan<T> _span;
            private int _index;
            internal Enumerator(ReadOnlySpan<T> span) { _span = span; _index = -1; }
            public bool MoveNext() => ++_index < _span.Length;
            public ref readonly T Current => ref _span[_index];
        }
    }

    /// <summary>Span helpers for unmanaged element types (compared bytewise).</summary>
    public static unsafe class MemoryExtensions
    {
        public static bool SequenceEqual<T>(this ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged
        {
            if (a.Length != b.Length) return false;
            byte* pa = (byte*)Unsafe.AsPointer(ref a._reference), pb = (byte*)Unsafe.AsPointer(ref b._reference);
            nuint n = (nuint)a.Length * (nuint)sizeof(T);
            // Eight bytes at a time (guest code runs at about 1 µs an instruction on this KVM).
            nuint i = 0;
            for (; i + 8 <= n; i += 8) if (*(ulong*)(pa + i) != *(ulong*)(pb + i)) return false;
            for (; i < n; i++) if (pa[i] != pb[i]) return false;
            return true;
        }

        public static bool SequenceEqual<T>(this Span<T> a, ReadOnlySpan<T> b) where T : unmanaged =>
            SequenceEqual((ReadOnlySpan<T>)a, b);

        public static int IndexOf<T>(this ReadOnlySpan<T> span, T value) where T : unmanaged
        {
            T* p = (T*)Unsafe.AsPointer(ref span._reference);
            int n = span.Length;
            // Element compares the compiler can fold for the common sizes; bytewise for others.
            if (sizeof(T) == 1) { byte v = *(byte*)&value; for (int i = 0; i < n; i++) if (((byte*)p)[i] == v) return i; return -1; }
            if (sizeof(T) == 2) { ushort v = *(ushort*)&value; for (int i = 0; i < n; i++) if (((ushort*)p)[i] == v) return i; return -1; }
            if (sizeof(T) == 4) { uint v = *(uint*)&value; for (int i = 0; i < n; i++) if (((uint*)p)[i] == v) return i; return -1; }
            if (sizeof(T) == 8) { ulong v = *(ulong*)&value; for (int i = 0; i < n; i++) if (((ulong*)p)[i] == v) return i; return -1; }
            for (int i = 0; i < n; i++)
                if (new ReadOnlySpan<T>(in span[i]).SequenceEqual(new ReadOnlySpan<T>(in value))) return i;
            return -1;
        }

        public static int IndexOf<T>(this Span<T> span, T value) where T : unmanaged => IndexOf((ReadOnlySpan<T>)span, value);

        public static bool StartsWith<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value) where T : unmanaged =>
            value.Length <= span.Length && span.Slice(0, value.Length).SequenceEqual(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Span<T> AsSpan<T>(this T[] array) => new Span<T>(array);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Span<T> AsSpan<T>(this T[] array, int start, int length) => new Span<T>(array, start, length);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Span<T> AsSpan<T>(this T[] array, int start) => new Span<T>(array).Slice(start);
        // Every string → ReadOnlySpan<char> conversion comes here (C# 14): worth inlining.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ReadOnlySpan<char> AsSpan(this string text) => (object)text == null ? default : text.AsSpan();
    }
}
