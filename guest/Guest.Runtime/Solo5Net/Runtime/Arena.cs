using System;

namespace Solo5Net.Runtime
{
    /// <summary>
    /// A fixed block of memory carved from the heap once, handing out aligned pieces; Reset() makes
    /// the whole block reusable (for per-request scratch space in a guest that must not grow).
    /// </summary>
    public sealed unsafe class Arena
    {
        private readonly byte* _start;
        private readonly nuint _size;
        private nuint _used;

        public Arena(nuint size, nuint alignment = 64)
        {
            _start = Heap.AllocateRaw(size, alignment);
            _size = size;
        }

        public nuint Size => _size;
        public nuint Used => _used;

        /// <summary>Zeroed memory, or null when the arena is full.</summary>
        public byte* TryAllocate(nuint size, nuint alignment = 16)
        {
            nuint at = (((nuint)_start + _used + alignment - 1) & ~(alignment - 1)) - (nuint)_start;
            if (at > _size || size > _size - at) return null;
            _used = at + size;
            Buffer.ZeroMemory(_start + at, size);
            return _start + at;
        }

        public Span<byte> AllocateSpan(int length)
        {
            byte* p = TryAllocate((nuint)length);
            if (p == null) FailFast.Fail("Arena exhausted");
            return new Span<byte>(p, length);
        }

        public void Reset() => _used = 0;
    }
}
