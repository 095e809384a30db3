using System.Runtime.CompilerServices;

namespace System.Buffers.Binary
{
    /// <summary>Byte-order reversal. [Intrinsic]: the JIT recognises these by name in the core
    /// library and emits one BSWAP; the bodies are the fallback.</summary>
    public static class BinaryPrimitives
    {
        [Intrinsic]
        public static uint ReverseEndianness(uint value) =>
            (value >> 24) | ((value >> 8) & 0xFF00) | ((value << 8) & 0xFF_0000) | (value << 24);

        [Intrinsic]
        public static ulong ReverseEndianness(ulong value) =>
            ((ulong)ReverseEndianness((uint)value) << 32) | ReverseEndianness((uint)(value >> 32));
    }
}
