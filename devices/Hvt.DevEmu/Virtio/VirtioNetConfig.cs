using System.Buffers.Binary;
using Solo5Net.DevEmu.E1000;

namespace Solo5Net.DevEmu.Virtio;

/// <summary>
/// The net device's configuration block (docs/virtio-net.md §5), read-only for the driver: mac[6]
/// (valid with MAC), status le16 (with STATUS; bit 0 link up), max_virtqueue_pairs le16 (1),
/// mtu le16 (valid with MTU).
/// </summary>
public sealed record VirtioNetConfig(MacAddress Mac, bool LinkUp, ushort Mtu)
{
    public const int Length = 12;
    public const int MacOffset = 0, StatusOffset = 6, MaxQueuePairsOffset = 8, MtuOffset = 10;
    public const ushort StatusLinkUp = 1;

    public byte[] Encode()
    {
        var bytes = new byte[Length];
        Mac.Bytes.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(StatusOffset), LinkUp ? StatusLinkUp : (ushort)0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(MaxQueuePairsOffset), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(MtuOffset), Mtu);
        return bytes;
    }
}
