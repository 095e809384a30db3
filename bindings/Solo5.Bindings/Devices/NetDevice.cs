using System;
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

        /// <summary>Receives one frame. The buffer must hold Mtu + 14 bytes. Again when nothing is waiting.</summary>
        public Solo5Result Read(Span<byte> buffer, out int length)
        {
            length = 0;
            if (buffer.Length < Mtu + EthernetHeaderLength) return Solo5Result.Invalid;
            fixed (byte* p = buffer)
            {
                if (NetRing.Active) return NetRing.Read(Handle, p, buffer.Length, out length);
                HvtHcNet args;
                args.Handle = Handle;
                args.Data = (ulong)p;
                args.Len = (ulong)buffer.Length;
                args.Ret = 0;
                Hypercall.Invoke(HvtHypercall.NetRead, &args);
                if (args.Ret == 0) length = (int)args.Len;
                return (Solo5Result)args.Ret;
            }
        }

        /// <summary>Sends one frame (no MTU check, as in Solo5).</summary>
        public Solo5Result Write(ReadOnlySpan<byte> frame)
        {
            fixed (byte* p = frame)
            {
                if (NetRing.Active && frame.Length <= NetRing.BufferSize) return NetRing.Write(Handle, p, frame.Length);
                HvtHcNet args;
                args.Handle = Handle;
                args.Data = (ulong)p;
                args.Len = (ulong)frame.Length;
                args.Ret = 0;
                Hypercall.Invoke(HvtHypercall.NetWrite, &args);
                return (Solo5Result)args.Ret;
            }
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
