using System.Runtime.InteropServices;

namespace Solo5Net.Drivers.Virtio
{
    /// <summary>A split virtqueue descriptor (docs/virtio-net.md §4): 16 bytes, little-endian.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct VirtqDescriptor
    {
        public const ushort FlagNext = 1, FlagWrite = 2;

        [FieldOffset(0)] public ulong Address;
        [FieldOffset(8)] public uint Length;
        [FieldOffset(12)] public ushort Flags;
        [FieldOffset(14)] public ushort Next;
    }
}
