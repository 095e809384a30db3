using Solo5Net.Hvt.Modules.Pci.Options;

namespace Solo5Net.Hvt.Modules.Pci.Vfio;

/// <summary>
/// What must be true of a host device before VFIO may take it: it exists, vfio-pci drives it, it
/// has an IOMMU group (or the operator accepted no-IOMMU mode), and every device of its group is
/// bound to vfio-pci or to nothing (or a driver the kernel tolerates there). Each failure says how to fix it.
/// </summary>
public static class VfioGroupCheck
{
    public const string VfioPci = "vfio-pci";

    /// <summary>Drivers the kernel tolerates in a group VFIO owns: stub drivers that never touch
    /// the device, and the port driver of bridges (which do no DMA). The kernel's own VIABLE flag,
    /// checked when the group is opened, has the last word.</summary>
    private static readonly HashSet<string> Harmless = [VfioPci, "pci-stub", "pcieport"];

    /// <summary>The /dev/vfio node name of the device's group ("5", or "noiommu-5" in no-IOMMU mode).</summary>
    public static string GroupNodeFor(IVfioSystem system, PciAddress device, bool allowUnsafeNoIommu, Action<string> warn)
    {
        if (!system.DeviceExists(device))
            throw new PciException($"{device}: no such PCI device on this host (see lspci -D)");
        var driver = system.DriverOf(device);
        if (driver != VfioPci)
            throw new PciException($"{device}: not bound to vfio-pci (driver: {driver ?? "none"}); bind it with: " +
                $"echo vfio-pci > /sys/bus/pci/devices/{device}/driver_override; " +
                (driver != null ? $"echo {device} > /sys/bus/pci/devices/{device}/driver/unbind; " : "") +
                $"echo {device} > /sys/bus/pci/drivers_probe");
        var group = system.IommuGroupOf(device)
            ?? throw new PciException($"{device}: the host has no IOMMU (no iommu_group): enable VT-d (Intel) or " +
                "AMD-Vi/IOMMU (AMD) in the firmware, and on Intel add intel_iommu=on to the kernel command line");
        RequireViable(system, group, device);
        if (system.GroupNodeExists(group)) return group;
        var noIommu = "noiommu-" + group;
        if (system.GroupNodeExists(noIommu))
        {
            if (!allowUnsafeNoIommu)
                throw new PciException($"{device}: VFIO runs in no-IOMMU mode here (/dev/vfio/{noIommu}): the device could " +
                    "DMA anywhere in host memory; refusing without --pci-unsafe-noiommu");
            warn($"WARNING: {device}: VFIO no-IOMMU mode: the device is not isolated and can DMA anywhere in host memory");
            return noIommu;
        }
        throw new PciException($"{device}: /dev/vfio/{group} does not exist (is the vfio-pci module loaded?)");
    }

    /// <summary>Every device of the group must be bound to vfio-pci or to no driver.</summary>
    public static void RequireViable(IVfioSystem system, string group, PciAddress device)
    {
        var offenders = system.GroupDevices(group)
            .Select(name => (name, driver: system.DriverOfName(name)))
            .Where(d => d.driver != null && !Harmless.Contains(d.driver))
            .Select(d => $"{d.name} ({d.driver})")
            .ToList();
        if (offenders.Count > 0)
            throw new PciException($"{device}: IOMMU group {group} is not viable: {string.Join(", ", offenders)} " +
                "must be bound to vfio-pci or unbound as well");
    }
}
