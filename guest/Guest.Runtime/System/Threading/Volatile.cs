using System.Runtime;
using System.Runtime.CompilerServices;

namespace System.Threading
{
    /// <summary>Volatile loads and stores (never cached in registers, never reordered by the compiler);
    /// use on `ref *(uint*)address` for memory-mapped device registers.</summary>
    public static class Volatile
    {
        private struct VolatileByte { public volatile byte Value; }
        private struct VolatileUInt16 { public volatile ushort Value; }
        private struct VolatileUInt32 { public volatile uint Value; }
        private struct VolatileInt32 { public volatile int Value; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte Read(ref readonly byte location) => Unsafe.As<byte, VolatileByte>(ref Unsafe.AsRef(in location)).Value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ushort Read(ref readonly ushort location) => Unsafe.As<ushort, VolatileUInt16>(ref Unsafe.AsRef(in location)).Value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint Read(ref readonly uint location) => Unsafe.As<uint, VolatileUInt32>(ref Unsafe.AsRef(in location)).Value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Read(ref readonly int location) => Unsafe.As<int, VolatileInt32>(ref Unsafe.AsRef(in location)).Value;

        public static ulong Read(ref readonly ulong location)
        {
            // x86-64: an aligned 64-bit load is a single access; the barrier stops the compiler caching it.
            Interlocked.CompilerBarrier();
            ulong value = location;
            Interlocked.CompilerBarrier();
            return value;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write(ref byte location, byte value) => Unsafe.As<byte, VolatileByte>(ref location).Value = value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write(ref ushort location, ushort value) => Unsafe.As<ushort, VolatileUInt16>(ref location).Value = value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write(ref uint location, uint value) => Unsafe.As<uint, VolatileUInt32>(ref location).Value = value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write(ref int location, int value) => Unsafe.As<int, VolatileInt32>(ref location).Value = value;

        public static void Write(ref ulong location, ulong value)
        {
            Interlocked.CompilerBarrier();
            location = value;
            Interlocked.CompilerBarrier();
        }
    }

    /// <summary>Memory ordering on the single vCPU: a full fence for device/host-shared memory.</summary>
    public static class Interlocked
    {
        [RuntimeImport("*", "solo5net_mfence")]
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void MemoryBarrier();

        [RuntimeImport("*", "solo5net_compiler_barrier")]
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern void CompilerBarrier();
    }
}
