using System.Runtime;
using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>Byte copies and clears, done by `rep movsb`/`rep stosb` in the start stub: ilc would
    /// otherwise emit SSE block moves, and the KVM here emulates guest code instruction by
    /// instruction, so one string instruction beats a loop by far.</summary>
    public static unsafe class Buffer
    {
        public static void Memmove(byte* destination, byte* source, nuint length)
        {
            // Up to 16 bytes (most text and small structs): two loads, then two stores, overlapping
            // in the middle; all loads come before the stores, so overlapping moves are right too.
            if (length <= 16)
            {
                if (length >= 8)
                {
                    ulong head = *(ulong*)source, tail = *(ulong*)(source + length - 8);
                    *(ulong*)destination = head;
                    *(ulong*)(destination + length - 8) = tail;
                }
                else if (length >= 4)
                {
                    uint head = *(uint*)source, tail = *(uint*)(source + length - 4);
                    *(uint*)destination = head;
                    *(uint*)(destination + length - 4) = tail;
                }
                else if (length != 0)
                {
                    byte first = source[0], middle = source[length >> 1], last = source[length - 1];
                    destination[0] = first;
                    destination[length >> 1] = middle;
                    destination[length - 1] = last;
                }
                return;
            }
            if (destination == source) return;
            if (destination < source || destination >= source + length) Copy(destination, source, length);
            else CopyBackward(destination, source, length);
        }

        internal static void Memmove(ref byte destination, ref byte source, nuint length)
        {
            fixed (byte* d = &destination) fixed (byte* s = &source) Memmove(d, s, length);
        }

        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint length) =>
            Memmove(ref destination, ref source, length);

        public static void ZeroMemory(byte* destination, nuint length)
        {
            if (length != 0) Fill(destination, 0, length);
        }

        internal static void ZeroMemory(ref byte destination, nuint length)
        {
            fixed (byte* d = &destination) ZeroMemory(d, length);
        }

        internal static void Fill(ref byte destination, byte value, nuint length)
        {
            if (length == 0) return;
            fixed (byte* d = &destination) Fill(d, value, length);
        }

        [RuntimeImport("*", "solo5net_copy"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void Copy(byte* destination, byte* source, nuint length);

        [RuntimeImport("*", "solo5net_copy_backward"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void CopyBackward(byte* destination, byte* source, nuint length);

        [RuntimeImport("*", "solo5net_fill"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void Fill(byte* destination, int value, nuint length);
    }
}
