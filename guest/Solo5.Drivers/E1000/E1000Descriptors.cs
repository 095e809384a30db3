using System.Runtime.InteropServices;

namespace Solo5Net.Drivers.E1000
{
    /// <summary>Legacy receive descriptor, 16 bytes, written by the device.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct E1000RxDescriptor
    {
        public const byte StatusDone = 0x01, StatusEndOfPacket = 0x02;

        [FieldOffset(0)] public ulong BufferAddress;
        [FieldOffset(8)] public ushort Length;
        [FieldOffset(10)] public ushort Checksum;
        [FieldOffset(12)] public byte Status;
        [FieldOffset(13)] public byte Errors;
        [FieldOffset(14)] public ushort Special;
    }

    /// <summary>Legacy transmit descriptor, 16 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct E1000TxDescriptor
    {
        public const byte CommandEndOfPacket = 0x01, CommandInsertFcs = 0x02, CommandReportStatus = 0x08;
        public const byte StatusDone = 0x01;

        [FieldOffset(0)] public ulong BufferAddress;
        [FieldOffset(8)] public ushort Length;
        [FieldOffset(10)] public byte ChecksumOffset;
        [FieldOffset(11)] public byte Command;
        [FieldOffset(12)] public byte Status;
        [FieldOffset(13)] public byte ChecksumStart;
        [FieldOffset(14)] public ushort Special;
    }
}
