using System;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Solo5Net.Runtime
{
    /// <summary>
    /// The managed heap: a bump allocator over the region the bindings hand over at start-up.
    /// There is no garbage collector: memory is never reclaimed. Guests allocate their long-lived
    /// objects at start and reuse them (pools, arenas); running out ends the guest with
    /// "Solo5: ABORT: out of memory".
    /// </summary>
    public static unsafe class Heap
    {
        private static byte* s_next;
        private static byte* s_limit;
        private static byte* s_start;

        /// <summary>Called once by the bindings before any managed allocation.</summary>
        public static void Initialize(byte* start, byte* limit)
        {
            s_start = s_next = (byte*)(((nuint)start + 15) & ~(nuint)15);
            s_limit = limit;
        }

        // Not inlined: the JIT assumes allocation helpers leave static fields alone, so an inlined
        // read could be reused across a `new`.
        public static ulong Start { [MethodImpl(MethodImplOptions.NoInlining)] get => (ulong)s_start; }
        public static ulong Used { [MethodImpl(MethodImplOptions.NoInlining)] get => (ulong)(s_next - s_start); }
        public static ulong Free { [MethodImpl(MethodImplOptions.NoInlining)] get => (ulong)(s_limit - s_next); }

        /// <summary>Raw zeroed memory, aligned to <paramref name="alignment"/> (a power of two).</summary>
        public static byte* AllocateRaw(nuint size, nuint alignment = 16)
        {
            if (alignment == 0 || (alignment & (alignment - 1)) != 0) FailFast.Fail("Heap.AllocateRaw: alignment is not a power of two");
            nuint at = ((nuint)s_next + alignment - 1) & ~(alignment - 1);
            if (s_next == null || at > (nuint)s_limit || size > (nuint)s_limit - at) FailFast.OutOfMemory(size);
            s_next = (byte*)(at + size);
            // Guest RAM starts zeroed and is never reused, so the memory is already zero.
            return (byte*)at;
        }

        internal static object AllocateObject(MethodTable* type)
        {
            byte* memory = AllocateRaw(type->BaseSize, 8);
            *(MethodTable**)memory = type;
            return Unsafe.As<IntPtr, object>(ref *(IntPtr*)&memory);
        }

        internal static object AllocateArray(MethodTable* type, int length)
        {
            if (length < 0) Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowOverflowException();
            ulong size = type->BaseSize + (ulong)(uint)length * type->ComponentSize;
            size = (size + 7) & ~7UL;
            byte* memory = AllocateRaw((nuint)size, 8);
            *(MethodTable**)memory = type;
            *(int*)(memory + 8) = length;
            return Unsafe.As<IntPtr, object>(ref *(IntPtr*)&memory);
        }
    }
}
