using System.Buffers.Binary;

namespace Solo5Net.VfioUser;

/// <summary>DEVICE_SET_IRQS flags: one data type (NONE, BOOL, EVENTFD) and one action (MASK, UNMASK, TRIGGER).</summary>
[Flags]
public enum IrqSetFlags : uint
{
    DataNone = 1,
    DataBool = 2,
    DataEventfd = 4,
    ActionMask = 8,
    ActionUnmask = 0x10,
    ActionTrigger = 0x20,
}

/// <summary>
/// DEVICE_SET_IRQS: u32 argsz, u32 flags, u32 index, u32 start, u32 count (20 bytes), then for
/// DATA_BOOL one byte per vector. Eventfds travel as SCM_RIGHTS, one per vector, never in the payload.
/// </summary>
public sealed record SetIrqsRequest(IrqSetFlags Flags, uint Index, uint Start, uint Count, byte[]? BoolData = null)
{
    public const int Length = 20;
    public const IrqSetFlags DataMask = IrqSetFlags.DataNone | IrqSetFlags.DataBool | IrqSetFlags.DataEventfd;
    public const IrqSetFlags ActionMaskBits = IrqSetFlags.ActionMask | IrqSetFlags.ActionUnmask | IrqSetFlags.ActionTrigger;

    public IrqSetFlags DataType => Flags & DataMask;
    public IrqSetFlags Action => Flags & ActionMaskBits;

    public byte[] Encode()
    {
        int extra = BoolData?.Length ?? 0;
        var bytes = new byte[Length + extra];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Index);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), Start);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), Count);
        BoolData?.CopyTo(bytes, Length);
        return bytes;
    }

    public static SetIrqsRequest Decode(ReadOnlySpan<byte> payload)
    {
        PayloadReader.RequireLength(payload, Length, "DEVICE_SET_IRQS");
        var flags = (IrqSetFlags)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload[16..]);
        byte[]? data = null;
        if ((flags & DataMask) == IrqSetFlags.DataBool)
        {
            if (count > (uint)(payload.Length - Length))
                throw new VfioUserProtocolException($"DEVICE_SET_IRQS DATA_BOOL for {count} vectors carries {payload.Length - Length} bytes");
            data = payload.Slice(Length, (int)count).ToArray();
        }
        return new SetIrqsRequest(flags, BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]), count, data);
    }
}
