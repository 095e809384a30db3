using Solo5Net.DevEmu.Pci;

namespace Solo5Net.DevEmu.Virtio;

/// <summary>
/// How the virtio-net model lays out the virtio 1.x modern PCI transport (docs/virtio-net.md §3):
/// ids, and the four register blocks in BAR0 that its vendor-specific capabilities point at.
/// </summary>
public static class VirtioPciLayout
{
    public const ushort VendorId = 0x1AF4;
    /// <summary>0x1040 + device type 1 (network): a modern-only device.</summary>
    public const ushort NetDeviceId = 0x1041;
    /// <summary>Revision 1 and subsystem id ≥ 0x40 mark a modern-only device.</summary>
    public const byte Revision = 0x01;
    public const ushort SubsystemId = 0x0041;

    public const int Bar = 0;
    public const ulong BarSize = 0x4000;
    public const uint CommonOffset = 0x0000, CommonLength = CommonConfigRegisters.Length;
    public const uint IsrOffset = 0x1000, IsrLength = 4;
    public const uint DeviceOffset = 0x2000, DeviceLength = VirtioNetConfig.Length;
    public const uint NotifyOffset = 0x3000;
    /// <summary>Queue q's doorbell is at NotifyOffset + q × this (queue_notify_off = q).</summary>
    public const uint NotifyOffMultiplier = 4;

    /// <summary>With MSI-X (<c>--msix N</c>): BAR1, a 32-bit memory BAR of its own (as QEMU's
    /// virtio-net-pci has), holds the table at 0 and the pending-bit array after it, 2 KiB aligned (0x800 for up to 128 vectors).</summary>
    public const int MsixBar = 1;
    public const uint MsixTableOffset = 0;
    public const int MaxMsixVectors = 2048;

    /// <summary>The MSI-X capability of a device with <paramref name="vectors"/> vectors.</summary>
    public static MsixSpec Msix(int vectors) => new(vectors, MsixBar, MsixTableOffset, MsixBar, MsixPbaOffset(vectors));

    /// <summary>BAR1's size: table and PBA, a power of two, at least a page.</summary>
    public static ulong MsixBarSize(int vectors)
    {
        var spec = Msix(vectors);
        ulong size = 0x1000;
        while (size < spec.PbaOffset + (ulong)spec.PbaLength) size *= 2;
        return size;
    }

    private static uint MsixPbaOffset(int vectors) => ((uint)vectors * 16 + 0x7FF) & ~0x7FFu;

    /// <summary>The capabilities in list order: common, notify, ISR, device-specific.</summary>
    public static IReadOnlyList<VirtioPciCapability> Capabilities(int queueCount) =>
    [
        new(VirtioPciCapability.CommonCfg, Bar, CommonOffset, CommonLength),
        new(VirtioPciCapability.NotifyCfg, Bar, NotifyOffset, (uint)queueCount * NotifyOffMultiplier, NotifyOffMultiplier),
        new(VirtioPciCapability.IsrCfg, Bar, IsrOffset, IsrLength),
        new(VirtioPciCapability.DeviceCfg, Bar, DeviceOffset, DeviceLength),
    ];
}
