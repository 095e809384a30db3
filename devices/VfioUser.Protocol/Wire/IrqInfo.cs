using System.Buffers.Binary;

namespace Solo5Net.VfioUser;

/// <summary>Interrupt indices of a PCI device.</summary>
public static class IrqIndex
{
    public const uint Intx = 0, Msi = 1, Msix = 2, Err = 3, Req = 4;
}

[Flags]
public enum IrqInfoFlags : uint
{
    None = 0,
    Eventfd = 1,
    Maskable = 2,
    AutoMasked = 4,
    NoResize = 8,
}

/// <summary>DEVICE_GET_IRQ_INFO request and reply: u32 argsz (16), u32 flags, u32 index, u32 count.</summary>
public readonly record struct IrqInfo(IrqInfoFlags Flags, uint Index, uint Count)
{
    public const int Length = 16;

    public static byte[] EncodeRequest(uint index) => new IrqInfo(IrqInfoFlags.None, index, 0).Encode();

    public byte[] Encode()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Index);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), Count);
        return bytes;
    }

    public static IrqInfo Decode(ReadOnlySpan<byte> payload)
    {
        PayloadReader.RequireLength(payload, Length, "DEVICE_GET_IRQ_INFO");
        return new IrqInfo((IrqInfoFlags)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]));
    }
}
