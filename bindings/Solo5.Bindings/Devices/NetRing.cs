using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Solo5Net.Abi;
using Solo5Net.Runtime;

namespace Solo5Net.Guest
{
    /// <summary>
    /// Ring I/O for network devices (docs/hvt-abi.md §5): used iff host_features bit 0 is set and net_ring
    /// is non-zero. Writes are fire-and-forget into per-slot buffers; reads are synchronous (submit,
    /// then spin for the commit). A kick (OUT to 0x600) only when the host said it is about to sleep.
    /// </summary>
    internal static unsafe class NetRing
    {
        public const int BufferSize = 2048;
        private const uint Size = HvtRing.Slots, Mask = HvtRing.Mask;

        private static HvtRing* s_ring;
        private static byte* s_buffers;
        private static uint s_nextId;
        private static bool s_initialized;

        public static bool Active => s_ring != null;

        public static void InitializeOnce()
        {
            if (s_initialized) return;
            s_initialized = true;
            if ((BootInfo.HostFeatures & (uint)HvtFeatures.RingIo) == 0 || BootInfo.Pointer->NetRing == 0) return;
            s_buffers = Heap.AllocateRaw(Size * BufferSize, 4096);
            s_ring = (HvtRing*)BootInfo.Pointer->NetRing;
            if (Log.Enabled(LogLevel.Debug))
            {
                Span<byte> line = stackalloc byte[80];
                Log.Begin(line).Append("net: ring I/O at "u8).AppendHex((ulong)s_ring).Append("\n"u8).WriteToConsole();
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Solo5Result Write(ulong handle, byte* frame, int length)
        {
            HvtRing* ring = s_ring;
            uint tail = WaitForFreeEntry(ring);
            byte* buffer = s_buffers + (tail & Mask) * BufferSize;
            Buffer.Memmove(buffer, frame, (nuint)length);
            Submit(ring, tail, (uint)HvtRingOp.NetWrite, handle, (ulong)buffer, (uint)length);
            return Solo5Result.Ok;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Solo5Result Read(ulong handle, byte* buffer, int size, out int length)
        {
            HvtRing* ring = s_ring;
            uint tail = WaitForFreeEntry(ring);
            Submit(ring, tail, (uint)HvtRingOp.NetRead, handle, (ulong)buffer, (uint)size);

            uint head = ring->ComHead;
            while (Volatile.Read(ref ring->ComTail) == head) Cpu.Pause();
            HvtRingCommit* commit = (HvtRingCommit*)ring->Commits + (head & Mask);
            int ret = Volatile.Read(ref commit->Ret);
            length = ret == 0 ? (int)Volatile.Read(ref commit->Len) : 0;
            Volatile.Write(ref ring->ComHead, head + 1);
            return (Solo5Result)ret;
        }

        /// <summary>The guest's next entry index, once the ring has room for it (one entry always stays free).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint WaitForFreeEntry(HvtRing* ring)
        {
            // ent_tail and com_head are the guest's own: plain reads. The host's fields are volatile.
            uint tail = ring->EntTail;
            while (tail - Volatile.Read(ref ring->EntHead) >= Size - 1) Cpu.Pause();
            return tail;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Submit(HvtRing* ring, uint tail, uint operation, ulong handle, ulong data, uint length)
        {
            HvtRingEntry* entry = (HvtRingEntry*)ring->Entries + (tail & Mask);
            entry->Op = operation;
            entry->Handle = (uint)handle;
            entry->Data = data;
            entry->Len = length;
            entry->Id = s_nextId++;
            // x86 makes stores visible in program order, and a volatile write is not moved before
            // earlier ones: the entry is complete before the tail that covers it. Only the store of
            // the tail and the load of needs_kick need the fence (store-load order).
            Volatile.Write(ref ring->EntTail, tail + 1);
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref ring->NeedsKick) != 0) Native.Out32(HvtRing.KickPort, 0);
        }
    }
}
