using System.Buffers.Binary;

namespace Solo5Net.VfioUser;

[Flags]
public enum DeviceFlags : uint
{
    None = 0,
    ResetSupported = 1,
    Pci = 2,
}

/// <summary>DEVICE_GET_INFO request and reply: u32 argsz (16), u32 flags, u32 num_regions, u32 num_irqs.</summary>
public readonly record struct DeviceInfo(DeviceFlags Flags, uint RegionCount, uint IrqCount)
{
    public const int Length = 16;

    /// <summary>The request: argsz with every other field zero.</summary>
    public static byte[] EncodeRequest() => new DeviceInfo(DeviceFlags.None, 0, 0).Encode();

    public byte[] Encode()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), RegionCount);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), IrqCount);
        return bytes;
    }

    public static DeviceInfo Decode(ReadOnlySpan<byte> payload)
    {
        PayloadReader.RequireLength(payload, Length, "DEVICE_GET_INFO");
        return new DeviceInfo((DeviceFlags)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]));
    }
}
