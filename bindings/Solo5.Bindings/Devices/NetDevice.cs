using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Solo5Net.Abi;

namespace Solo5Net.Guest
{
    /// <summary>An attached NET_BASIC device (a tap on the host). Frames are raw Ethernet.
    /// Allocated once per acquire, only by <see cref="Solo5.NetAcquire"/> for a manifest entry of type
    /// NET_BASIC; the manifest never changes, so reads and writes do not look the entry up again.</summary>
    public sealed unsafe class NetDevice
    {
        public const int EthernetHeaderLength = 14;

        private readonly byte* _mac;

        internal NetDevice(ulong handle, byte* mac, int mtu)
        {
            Handle = handle;
            _mac = mac;
            Mtu = mtu;
        }

        public ulong Handle { get; }
        /// <summary>The 6-byte MAC address the tender assigned.</summary>
        public ReadOnlySpan<byte> Mac => new ReadOnlySpan<byte>(_mac, 6);
        /// <summary>Largest payload (without the Ethernet header).</summary>
        public int Mtu { get; }

        /// <summary>Receives one frame. The buffer must hold Mtu + 14 bytes. Again when nothing is waiting.
        /// Inlined into the caller's receive loop; the hypercall path stays out of line (its argument
        /// block would otherwise be a local of the caller's frame). The buffer is not pinned: the guest
        /// heap never moves an object (no garbage collector), and a pinned local, being a GC reference,
        /// would be zeroed in the caller's prologue on every call (with SSE, which traps here).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Solo5Result Read(Span<byte> buffer, out int length)
        {
            length = 0;
            if (buffer.Length < Mtu + EthernetHeaderLength) return Solo5Result.Invalid;
            var p = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer));
            return NetRing.Active ? NetRing.Read(Handle, p, buffer.Length, out length) : ReadByHypercall(p, buffer.Length, out length);
        }

        /// <summary>Sends one frame (no MTU check, as in Solo5). Inlined like <see cref="Read"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Solo5Result Write(ReadOnlySpan<byte> frame)
        {
            var p = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(frame));
            return NetRing.Active && frame.Length <= NetRing.BufferSize ? NetRing.Write(Handle, p, frame.Length) : WriteByHypercall(p, frame.Length);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private Solo5Result ReadByHypercall(byte* buffer, int size, out int length)
        {
            var result = NetHypercall(HvtHypercall.NetRead, buffer, size, out var returned);
            length = result == Solo5Result.Ok ? (int)returned : 0;
            return result;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private Solo5Result WriteByHypercall(byte* frame, int length) => NetHypercall(HvtHypercall.NetWrite, frame, length, out _);

        /// <summary>NETREAD or NETWRITE (docs/hvt-abi.md §4): <paramref name="length"/> is the buffer's
        /// size or the frame's, <paramref name="returnedLength"/> what the tender wrote back.</summary>
        private Solo5Result NetHypercall(int number, byte* data, int length, out ulong returnedLength)
        {
            HvtHcNet args;
            args.Handle = Handle;
            args.Data = (ulong)data;
            args.Len = (ulong)length;
            args.Ret = 0;
            Hypercall.Invoke((uint)number, &args);
            returnedLength = args.Len;
            return (Solo5Result)args.Ret;
        }
    }

    public static unsafe partial class Solo5
    {
        /// <summary>Finds the attached NET_BASIC device <paramref name="name"/> of the manifest.</summary>
        public static Solo5Result NetAcquire(string name, out NetDevice device)
        {
            device = null;
            if (!Manifest.TryFind(name, HvtMftType.NetBasic, out uint index, out HvtMftEntry* entry) || entry->Attached == 0)
                return Solo5Result.Invalid;
            NetRing.InitializeOnce();
            device = new NetDevice(index, entry->NetBasic.Mac, entry->NetBasic.Mtu);
            return Solo5Result.Ok;
        }
    }
}
