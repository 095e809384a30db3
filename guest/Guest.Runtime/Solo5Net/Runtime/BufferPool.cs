using System;

namespace Solo5Net.Runtime
{
    /// <summary>A fixed set of equal-sized buffers allocated once; Rent/Return never allocate.</summary>
    public sealed class BufferPool
    {
        private readonly byte[][] _buffers;
        private readonly int[] _free;
        private int _freeCount;

        public BufferPool(int count, int bufferSize)
        {
            _buffers = new byte[count][];
            _free = new int[count];
            for (int i = 0; i < count; i++) { _buffers[i] = new byte[bufferSize]; _free[i] = i; }
            _freeCount = count;
            BufferSize = bufferSize;
        }

        public int BufferSize { get; }
        public int Available => _freeCount;

        /// <summary>Index of a free buffer, or -1 if all are in use.</summary>
        public int Rent() => _freeCount == 0 ? -1 : _free[--_freeCount];

        public byte[] this[int index] => _buffers[index];

        public void Return(int index)
        {
            if ((uint)index >= (uint)_buffers.Length || _freeCount == _free.Length) FailFast.Fail("BufferPool.Return: bad index");
            _free[_freeCount++] = index;
        }
    }
}
