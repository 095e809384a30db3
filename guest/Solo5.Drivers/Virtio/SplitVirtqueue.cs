using System.Runtime.CompilerServices;
using System.Threading;

namespace Solo5Net.Drivers.Virtio
{
    /// <summary>
    /// The driver's side of one split virtqueue (docs/virtio-net.md §4) over a
    /// <see cref="VirtqueueMemory"/>: the descriptor table, the driver area (avail ring) and the
    /// device area (used ring), plus one buffer per descriptor, so descriptor i always describes
    /// buffer i and a chain is one descriptor. Buffers are offered with <see cref="Offer"/> and become
    /// visible to the device at <see cref="Publish"/>; the device hands them back through
    /// <see cref="TryTakeUsed"/>. The doorbell after a publication is needed only while
    /// <see cref="DeviceWantsNotification"/>. The per-frame operations are inlined into the driver's
    /// receive and transmit paths (a call frame costs as much as their work). Pure ring logic over memory it is given (no Solo5 call), so the
    /// host tests compile this file unchanged (tests/Guest.Tests/Drivers).
    /// </summary>
    internal sealed unsafe class SplitVirtqueue
    {
        private const int FlagsWord = 0, IndexWord = 2, RingStart = 4;
        private const ushort AvailNoInterrupt = 1, UsedNoNotify = 1;

        private readonly VirtqueueMemory _memory;
        private readonly VirtqDescriptor* _table;
        private ushort _availIndex, _published, _lastUsed;

        public SplitVirtqueue(ushort size, int bufferSize, VirtqueueMemory memory)
        {
            Size = size;
            BufferSize = bufferSize;
            _memory = memory;
            _table = (VirtqDescriptor*)memory.Table;
        }

        public ushort Size { get; }
        public int BufferSize { get; }
        public ulong TableAddress => _memory.TableBus;
        public ulong DriverAddress => _memory.AvailBus;
        public ulong DeviceAddress => _memory.UsedBus;

        /// <summary>Buffers offered but not yet returned by the device.</summary>
        public ushort InFlight => (ushort)(_availIndex - _lastUsed);

        /// <summary>Back to the state after allocation (for a device reset): nothing offered, nothing used.</summary>
        public void Clear()
        {
            _availIndex = _published = _lastUsed = 0;
            Volatile.Write(ref *(ushort*)(_memory.Avail + FlagsWord), 0);
            Volatile.Write(ref *(ushort*)(_memory.Avail + IndexWord), 0);
            Volatile.Write(ref *(ushort*)(_memory.Used + FlagsWord), 0);
            Volatile.Write(ref *(ushort*)(_memory.Used + IndexWord), 0);
        }

        /// <summary>Asks the device not to interrupt for this queue (a hint it may ignore).</summary>
        public void SuppressInterrupts() => Volatile.Write(ref *(ushort*)(_memory.Avail + FlagsWord), AvailNoInterrupt);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte* Buffer(ushort id) => _memory.Buffers + (ulong)id * (ulong)BufferSize;

        /// <summary>Puts buffer <paramref name="id"/> (its first <paramref name="length"/> bytes) in
        /// the avail ring; <paramref name="deviceWrites"/> for receive buffers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Offer(ushort id, uint length, bool deviceWrites)
        {
            VirtqDescriptor* d = _table + id;
            d->Address = _memory.BuffersBus + (ulong)id * (ulong)BufferSize;
            d->Length = length;
            d->Flags = deviceWrites ? VirtqDescriptor.FlagWrite : (ushort)0;
            d->Next = 0;
            *(ushort*)(_memory.Avail + RingStart + 2 * (_availIndex % Size)) = id;
            _availIndex++;
        }

        /// <summary>Makes offered buffers visible with one store of the avail index. True when
        /// something new was published (the caller then rings the doorbell).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Publish()
        {
            if (_availIndex == _published) return false;
            _published = _availIndex;
            Volatile.Write(ref *(ushort*)(_memory.Avail + IndexWord), _availIndex);
            return true;
        }

        /// <summary>
        /// Whether the device wants its doorbell rung for what was just published: false while it has
        /// set the used ring's no-notify flag (VIRTQ_USED_F_NO_NOTIFY, docs/virtio-net.md §4), e.g.
        /// for a receive queue it looks at whenever a frame arrives. Read after a full barrier, so the
        /// flag is read after the avail-index store is visible and a device clearing it then looks again.
        /// </summary>
        public bool DeviceWantsNotification
        {
            get
            {
                Interlocked.MemoryBarrier();
                return (Volatile.Read(ref *(ushort*)(_memory.Used + FlagsWord)) & UsedNoNotify) == 0;
            }
        }

        /// <summary>The next buffer the device returned, with the bytes it wrote into it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryTakeUsed(out ushort id, out uint length)
        {
            id = 0;
            length = 0;
            ushort usedIndex = Volatile.Read(ref *(ushort*)(_memory.Used + IndexWord));
            while (usedIndex != _lastUsed)
            {
                byte* entry = _memory.Used + RingStart + 8 * (_lastUsed % Size);
                uint raw = Volatile.Read(ref *(uint*)entry);
                length = Volatile.Read(ref *(uint*)(entry + 4));
                _lastUsed++;
                // A device naming a buffer that does not exist is ignored (that entry is lost, not reused).
                if (raw < Size)
                {
                    id = (ushort)raw;
                    return true;
                }
            }
            length = 0;
            return false;
        }
    }
}
