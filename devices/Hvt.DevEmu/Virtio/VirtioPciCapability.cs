using System.Buffers.Binary;
using Solo5Net.DevEmu.Pci;

namespace Solo5Net.DevEmu.Virtio;

/// <summary>
/// One virtio vendor-specific PCI capability (id 0x09, docs/virtio-net.md §3): where a register
/// block lives. Layout after the id and next bytes: cap_len u8, cfg_type u8, bar u8, id u8,
/// 2 padding bytes, offset le32, length le32, and for the notify capability notify_off_multiplier le32.
/// </summary>
public sealed record VirtioPciCapability(byte CfgType, int Bar, uint Offset, uint Length, uint? NotifyOffMultiplier = null)
{
    public const byte VendorSpecificId = 0x09;
    public const byte CommonCfg = 1, NotifyCfg = 2, IsrCfg = 3, DeviceCfg = 4;
    public const int BaseLength = 16, NotifyLength = 20;

    public int CapLength => NotifyOffMultiplier is null ? BaseLength : NotifyLength;

    /// <summary>The capability for <see cref="ConfigSpace"/> (which writes id and next).</summary>
    public PciCapability ToPciCapability()
    {
        var body = new byte[CapLength - 2];
        body[0] = (byte)CapLength;
        body[1] = CfgType;
        body[2] = (byte)Bar;
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(6), Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(10), Length);
        if (NotifyOffMultiplier is { } multiplier) BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(14), multiplier);
        return new PciCapability(VendorSpecificId, body);
    }
}
