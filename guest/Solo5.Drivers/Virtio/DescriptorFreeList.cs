using System.Runtime.CompilerServices;

namespace Solo5Net.Drivers.Virtio
{
    /// <summary>
    /// The descriptors of a queue the driver owns (not with the device): taken for a frame, given
    /// back when the device returns them. An id the device returns that is out of range or already
    /// free is ignored, so a broken device can never make two frames share a buffer.
    /// </summary>
    internal sealed class DescriptorFreeList
    {
        private readonly ushort[] _free;
        private readonly bool[] _isFree;
        private int _count;

        public DescriptorFreeList(ushort size)
        {
            _free = new ushort[size];
            _isFree = new bool[size];
            Reset();
        }

        public int Count => _count;

        /// <summary>Every descriptor free again (after a device reset); taken in ascending order.</summary>
        public void Reset()
        {
            _count = 0;
            for (var i = _free.Length - 1; i >= 0; i--)
            {
                _free[_count++] = (ushort)i;
                _isFree[i] = true;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryTake(out ushort id)
        {
            id = 0;
            if (_count == 0) return false;
            id = _free[--_count];
            _isFree[id] = false;
            return true;
        }

        /// <summary>False (and nothing changes) for an id out of range or already free.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Return(ushort id)
        {
            if (id >= _free.Length || _isFree[id]) return false;
            _isFree[id] = true;
            _free[_count++] = id;
            return true;
        }

        /// <summary>Takes back every descriptor the device has returned on <paramref name="queue"/>.</summary>
        public void Reclaim(SplitVirtqueue queue)
        {
            while (queue.TryTakeUsed(out var id, out _)) Return(id);
        }
    }
}
