using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Dma;
using Solo5Net.Hvt.Modules.Pci.Options;

namespace Solo5Net.Hvt.Modules.Pci.Vfio;

/// <summary>
/// The one VFIO container (IOMMU domain) of a unikernel: every host device's group joins it, and
/// every DMA window is mapped into it once, so all host devices share one address space (IOVA = GPA).
/// Dispose unmaps the DMA windows, detaches and closes the groups, and closes the container.
/// </summary>
public sealed class VfioContainer : IDmaTarget, IDisposable
{
    private readonly IVfioSystem _system;
    private readonly bool _allowUnsafeNoIommu;
    private readonly Action<string> _warn;
    private readonly Action<string>? _inform;
    private readonly Dictionary<string, FileDescriptor> _groups = [];   // node name -> group fd, in attach order
    private readonly List<(ulong Iova, ulong Size)> _dmaMaps = [];
    private readonly List<VfioHostDevice> _devices = [];
    private FileDescriptor? _container;
    private int _fd = -1;   // the container's number while it is open
    private bool _noIommu;

    /// <param name="warn">Always reported (the no-IOMMU warning).</param>
    /// <param name="inform">Reported with --verbose (null: not reported), e.g. a device VFIO cannot reset.</param>
    public VfioContainer(IVfioSystem system, bool allowUnsafeNoIommu, Action<string> warn, Action<string>? inform = null)
    {
        _system = system;
        _allowUnsafeNoIommu = allowUnsafeNoIommu;
        _warn = warn;
        _inform = inform;
    }

    public string Description => "VFIO container";

    /// <summary>Takes the host device: checks it, joins its group to the container, opens and resets it.</summary>
    public VfioHostDevice Attach(PciAddress address)
    {
        var node = VfioGroupCheck.GroupNodeFor(_system, address, _allowUnsafeNoIommu, _warn);
        var group = JoinGroup(node, address);
        FileDescriptor deviceFd;
        try { deviceFd = _system.GetDeviceFd(group, address.ToString()); }
        catch (SystemCallException e) when (e.ErrorNumber == Errno.EBUSY)
        {
            throw new PciException($"{address}: the device is busy (already opened by another VFIO user)");
        }
        var device = VfioHostDevice.Open(_system, address, deviceFd);
        _devices.Add(device);
        if (!device.CanReset) _inform?.Invoke(NoResetNotice(address));
        return device;
    }

    public static string NoResetNotice(PciAddress address) =>
        $"{address}: VFIO reports no reset for this device: it is not reset at attach or at release";

    private int JoinGroup(string node, PciAddress address)
    {
        if (_groups.TryGetValue(node, out var existing)) return existing.Number;
        FileDescriptor owned;
        try { owned = _system.OpenGroup(node); }
        catch (SystemCallException e) when (e.ErrorNumber == Errno.EBUSY)
        {
            throw new PciException($"{address}: IOMMU group {node} is busy: another process (a VM or a tender) uses it");
        }
        _groups.Add(node, owned);
        int group = owned.Number;
        if ((_system.GetGroupStatus(group) & Solo5Net.Interop.Vfio.GroupFlagViable) == 0)
            throw new PciException($"{address}: the kernel reports IOMMU group {node} as not viable: bind every device of " +
                $"/sys/kernel/iommu_groups/{node.Replace("noiommu-", "")}/devices to vfio-pci or unbind it");
        var firstGroup = _fd < 0;
        if (firstGroup) OpenContainer(node.StartsWith("noiommu-", StringComparison.Ordinal));
        _system.SetContainer(group, _fd);
        if (firstGroup) _system.SetIommu(_fd, _noIommu ? Solo5Net.Interop.Vfio.NoIommu : IommuType());
        return group;
    }

    private void OpenContainer(bool noIommu)
    {
        _container = _system.OpenContainer();
        _fd = _container.Number;
        _noIommu = noIommu;
        var version = _system.GetApiVersion(_fd);
        if (version != Solo5Net.Interop.Vfio.ApiVersion)
            throw new PciException($"VFIO API version {version} is not supported (expected {Solo5Net.Interop.Vfio.ApiVersion})");
        if (!noIommu && IommuType() == 0)
            throw new PciException("VFIO: the host IOMMU does not support the type1 interface");
    }

    private int IommuType() =>
        _system.CheckExtension(_fd, Solo5Net.Interop.Vfio.Type1v2Iommu) ? Solo5Net.Interop.Vfio.Type1v2Iommu
        : _system.CheckExtension(_fd, Solo5Net.Interop.Vfio.Type1Iommu) ? Solo5Net.Interop.Vfio.Type1Iommu : 0;

    public void MapDma(DmaMemory memory, ulong iova)
    {
        if (_fd < 0) throw new InvalidOperationException("no device attached to the VFIO container");
        // Without an IOMMU the device would take the guest's DMA addresses for host-physical ones.
        if (_noIommu)
            throw new PciException($"VFIO no-IOMMU mode: a device there cannot use DMA memory (0x{iova:x}, " +
                $"{SizeParser.Describe(memory.Size)}); run without --pci-dma and with a unikernel that declares no dma, or enable an IOMMU");
        _system.MapDma(_fd, memory.HostAddress, iova, memory.Size);
        _dmaMaps.Add((iova, memory.Size));
    }

    public void UnmapDma(ulong iova, ulong size)
    {
        var index = _dmaMaps.IndexOf((iova, size));
        if (index < 0) return;
        _dmaMaps.RemoveAt(index);
        _system.UnmapDma(_fd, iova, size);
    }

    /// <summary>Releases in reverse order of acquisition; keeps going past individual failures.</summary>
    public void Dispose()
    {
        foreach (var device in Enumerable.Reverse(_devices)) Try(device.Dispose);
        _devices.Clear();
        foreach (var (iova, size) in Enumerable.Reverse(_dmaMaps)) Try(() => _system.UnmapDma(_fd, iova, size));
        _dmaMaps.Clear();
        foreach (var group in _groups.Values.Reverse())
        {
            if (_fd >= 0) Try(() => _system.UnsetContainer(group.Number));
            group.Dispose();
        }
        _groups.Clear();
        _container?.Dispose();
        _container = null;
        _fd = -1;
    }

    private static void Try(Action release)
    {
        try { release(); }
        catch (SystemCallException) { }
    }
}
