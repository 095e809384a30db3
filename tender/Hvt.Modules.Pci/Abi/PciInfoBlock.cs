using System.Runtime.InteropServices;
using Solo5Net.Abi;

namespace Solo5Net.Hvt.Modules.Pci.Abi;

/// <summary>One bar[i] of hvt_pci_info: guest base, size, flags.</summary>
public readonly record struct PciBarInfo(ulong Base, ulong Size, HvtPciBarFlags Flags);

/// <summary>What the guest learns about one attached device, written as <see cref="HvtPciInfo"/> (docs/abi.md §3).</summary>
public sealed record PciInfoBlock
{
    public HvtPciInfoFlags Flags { get; init; }
    public ushort Segment { get; init; }
    public byte Bus { get; init; }
    public byte DevFn { get; init; }
    public ushort VendorId { get; init; }
    public ushort DeviceId { get; init; }
    public ushort SubsystemVendorId { get; init; }
    public ushort SubsystemId { get; init; }
    public byte Revision { get; init; }
    public byte ProgIf { get; init; }
    public byte Subclass { get; init; }
    public byte ClassCode { get; init; }
    public ulong DmaBase { get; init; }
    public ulong DmaSize { get; init; }
    public ulong IrqStatus { get; init; }
    public IReadOnlyList<PciBarInfo> Bars { get; init; } = new PciBarInfo[HvtPciInfo.BarCount];

    public void Encode(Span<byte> b)
    {
        if (b.Length < HvtPciInfo.Size) throw new ArgumentException($"hvt_pci_info needs {HvtPciInfo.Size} bytes", nameof(b));
        if (Bars.Count != HvtPciInfo.BarCount) throw new ArgumentException($"hvt_pci_info has exactly {HvtPciInfo.BarCount} BARs");
        var info = new HvtPciInfo
        {
            Version = HvtPciInfo.CurrentVersion, Flags = (uint)Flags,
            Segment = Segment, Bus = Bus, Devfn = DevFn,
            VendorId = VendorId, DeviceId = DeviceId, SubsystemVendorId = SubsystemVendorId, SubsystemId = SubsystemId,
            Revision = Revision, ProgIf = ProgIf, Subclass = Subclass, ClassCode = ClassCode,
            DmaBase = DmaBase, DmaSize = DmaSize, IrqStatus = IrqStatus,
        };
        MemoryMarshal.Write(b, in info);
        for (var i = 0; i < HvtPciInfo.BarCount; i++)
        {
            var bar = new HvtPciBar { Base = Bars[i].Base, Length = Bars[i].Size, Flags = (uint)Bars[i].Flags };
            MemoryMarshal.Write(b[(HvtPciInfo.BarsOffset + i * HvtPciBar.Size)..], in bar);
        }
    }

    public byte[] Encode()
    {
        var bytes = new byte[HvtPciInfo.Size];
        Encode(bytes);
        return bytes;
    }
}
