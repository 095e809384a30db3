using System;
using System.Threading;
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
        private const uint Size = 1024, Mask = Size - 1;
        private const uint OpWrite = 1, OpRead = 2;
        private const ushort KickPort = 0x600;
        private const int EntriesOffset = 128, CommitsOffset = 32896;

        private static byte* s_ring;
        private static byte* s_buffers;
        private static uint s_nextId;
        private static bool s_initialized;

        public static bool Active => s_ring != null;

        public static void InitializeOnce()
        {
            if (s_initialized) return;
            s_initialized = true;
            if ((BootInfo.HostFeatures & BootInfo.FeatureRingIo) == 0 || BootInfo.Pointer->NetRing == 0) return;
            s_buffers = Heap.AllocateRaw(Size * BufferSize, 4096);
            s_ring = (byte*)BootInfo.Pointer->NetRing;
            if (Log.Enabled(LogLevel.Debug))
            {
                Span<byte> line = stackalloc byte[80];
                Log.Begin(line).Append("net: ring I/O at "u8).AppendHex((ulong)s_ring).Append("\n"u8).WriteToConsole();
            }
        }

        private static ref uint EntTail => ref *(uint*)s_ring;
        private static ref uint ComHead => ref *(uint*)(s_ring + 4);
        private static ref uint EntHead => ref *(uint*)(s_ring + 64);
        private static ref uint ComTail => ref *(uint*)(s_ring + 68);
        private static ref uint NeedsKick => ref *(uint*)(s_ring + 72);

        public static Solo5Result Write(ulong handle, byte* frame, int length)
        {
            uint tail = Volatile.Read(ref EntTail);
            while (tail - Volatile.Read(ref EntHead) >= Size - 1) Cpu.Pause();
            byte* buffer = s_buffers + (tail & Mask) * BufferSize;
            Buffer.Memmove(buffer, frame, (nuint)length);
            Submit(tail, OpWrite, handle, (ulong)buffer, (uint)length);
            return Solo5Result.Ok;
        }

        public static Solo5Result Read(ulong handle, byte* buffer, int size, out int length)
        {
            uint tail = Volatile.Read(ref EntTail);
            while (tail - Volatile.Read(ref EntHead) >= Size - 1) Cpu.Pause();
            Submit(tail, OpRead, handle, (ulong)buffer, (uint)size);

            uint head = Volatile.Read(ref ComHead);
            while (Volatile.Read(ref ComTail) == head) Cpu.Pause();
            byte* commit = s_ring + CommitsOffset + (head & Mask) * 16;
            int ret = Volatile.Read(ref *(int*)(commit + 4));
            length = ret == 0 ? (int)Volatile.Read(ref *(uint*)(commit + 8)) : 0;
            Volatile.Write(ref ComHead, head + 1);
            return (Solo5Result)ret;
        }

        private static void Submit(uint tail, uint operation, ulong handle, ulong data, uint length)
        {
            byte* entry = s_ring + EntriesOffset + (tail & Mask) * 32;
            *(uint*)entry = operation;
            *(uint*)(entry + 4) = (uint)handle;
            *(ulong*)(entry + 8) = data;
            *(uint*)(entry + 16) = length;
            *(uint*)(entry + 20) = s_nextId++;
            Interlocked.MemoryBarrier();
            Volatile.Write(ref EntTail, tail + 1);
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref NeedsKick) != 0) Native.Out32(KickPort, 0);
        }
    }
}
