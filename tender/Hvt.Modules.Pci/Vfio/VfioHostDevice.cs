using Solo5Net.Abi;
using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Solo5Net.Hvt.Modules.Pci.Options;
using VfioIoctl = Solo5Net.Interop.Vfio;

namespace Solo5Net.Hvt.Modules.Pci.Vfio;

/// <summary>A host PCI device driven through its VFIO device fd (config space and BARs are
/// regions of the fd; mappable BAR parts are mmap'd, the rest goes through pread/pwrite).</summary>
public sealed class VfioHostDevice : IPciDevice
{
    private readonly IVfioSystem _system;
    private readonly PciAddress _address;
    private readonly VfioRegionInfo _config;
    private readonly Dictionary<int, VfioRegionInfo> _regions;
    private readonly List<(nint Address, ulong Size)> _mappings = [];
    private readonly bool _canReset;
    private readonly FileDescriptor _device;
    private int _fd;   // the device's number while it is open
    private readonly HashSet<InterruptIndex> _enabled = [];

    private VfioHostDevice(IVfioSystem system, PciAddress address, FileDescriptor device, VfioRegionInfo config,
        Dictionary<int, VfioRegionInfo> regions, IReadOnlyList<PciBarRegion> bars, bool canReset)
    {
        _system = system;
        _address = address;
        _device = device;
        _fd = device.Number;
        _config = config;
        _regions = regions;
        Bars = bars;
        _canReset = canReset;
    }

    /// <summary>Reads the device's regions and resets it. Takes ownership of <paramref name="owned"/> (closed on failure).</summary>
    internal static VfioHostDevice Open(IVfioSystem system, PciAddress address, FileDescriptor owned)
    {
        using (owned)
        {
            int fd = owned.Number;
            var info = system.GetDeviceInfo(fd);
            if (!info.IsPci) throw new PciException($"{address}: VFIO does not report it as a PCI device");
            if (info.NumRegions <= VfioIoctl.RegionIndexConfig)
                throw new PciException($"{address}: VFIO reports no configuration space region");
            var config = system.GetRegionInfo(fd, VfioIoctl.RegionIndexConfig);
            var regions = new Dictionary<int, VfioRegionInfo>();
            for (var i = 0; i < HvtPciInfo.BarCount; i++)
            {
                var region = system.GetRegionInfo(fd, (uint)i);
                if (region.Size > 0) regions[i] = region;
            }
            var bars = regions.Values.Select(r => DescribeBar(system, fd, config, r)).ToList();
            if (info.SupportsReset) system.ResetDevice(fd);
            return new VfioHostDevice(system, address, owned.Transfer(), config, regions, bars, info.SupportsReset);
        }
    }

    private static PciBarRegion DescribeBar(IVfioSystem system, int fd, VfioRegionInfo config, VfioRegionInfo region)
    {
        Span<byte> bar = stackalloc byte[4];
        system.Pread(fd, bar, (long)(config.Offset + 0x10 + 4 * region.Index));
        var value = BitConverter.ToUInt32(bar);
        var isIo = (value & 1) != 0;
        return new PciBarRegion((int)region.Index, region.Size, isIo,
            Is64Bit: !isIo && (value & 6) == 4, Prefetchable: !isIo && (value & 8) != 0,
            isIo ? [] : region.MappableAreas.Select(a => (a.Offset, a.Size)).ToList());
    }

    /// <summary>VFIO reports reset support (VFIO_DEVICE_FLAGS_RESET): only then is the device reset at attach and release.</summary>
    public bool CanReset => _canReset;

    public string Description => _address.ToString();
    public HvtPciInfoFlags SourceFlags => HvtPciInfoFlags.None;
    public ushort Segment => _address.Domain;
    public byte Bus => _address.Bus;
    public byte DevFn => _address.DevFn;
    public int ConfigSize => (int)Math.Min(_config.Size, PciAbi.ConfigSpaceSize);
    public IReadOnlyList<PciBarRegion> Bars { get; }

    public void ReadConfig(uint offset, Span<byte> data)
    {
        try { _system.Pread(_fd, data, (long)(_config.Offset + offset)); }
        catch (SystemCallException e) { throw new PciAccessRefusedException($"{Description}: config read at 0x{offset:x}: {e.Message}"); }
    }

    public void WriteConfig(uint offset, ReadOnlySpan<byte> data)
    {
        try { _system.Pwrite(_fd, data, (long)(_config.Offset + offset)); }
        catch (SystemCallException e) { throw new PciAccessRefusedException($"{Description}: config write at 0x{offset:x}: {e.Message}"); }
    }

    public void ReadRegion(int bar, ulong offset, Span<byte> data)
    {
        try { _system.Pread(_fd, data, (long)(_regions[bar].Offset + offset)); }
        catch (SystemCallException e) { throw new PciAccessRefusedException($"{Description}: BAR{bar} read at 0x{offset:x}: {e.Message}"); }
    }

    public void WriteRegion(int bar, ulong offset, ReadOnlySpan<byte> data)
    {
        try { _system.Pwrite(_fd, data, (long)(_regions[bar].Offset + offset)); }
        catch (SystemCallException e) { throw new PciAccessRefusedException($"{Description}: BAR{bar} write at 0x{offset:x}: {e.Message}"); }
    }

    public nint MapBar(int bar, ulong offset, ulong size)
    {
        var address = _system.Mmap(_fd, (long)(_regions[bar].Offset + offset), size);
        _mappings.Add((address, size));
        return address;
    }

    public uint InterruptVectors(InterruptIndex index)
    {
        var irq = _system.GetIrqInfo(_fd, (uint)index);
        return irq.SupportsEventfd ? irq.Count : 0;
    }

    public void EnableInterrupts(InterruptIndex index, ReadOnlySpan<int> eventfds)
    {
        _system.SetIrqEventfds(_fd, (uint)index, eventfds);
        _enabled.Add(index);
    }

    public void DisableInterrupts(InterruptIndex index)
    {
        _system.DisableIrqs(_fd, (uint)index);
        _enabled.Remove(index);
    }

    /// <summary>vfio-pci masks a level-triggered INTx each time it fires.</summary>
    public void UnmaskIntx() => _system.UnmaskIrq(_fd, VfioIoctl.IrqIndexIntx);

    public void Reset()
    {
        if (_canReset) _system.ResetDevice(_fd);
    }

    /// <summary>Interrupts off, BAR mappings gone, device reset, fd closed — each step attempted.</summary>
    public void Dispose()
    {
        if (_fd < 0) return;
        foreach (var index in _enabled) Try(() => _system.DisableIrqs(_fd, (uint)index));
        _enabled.Clear();
        foreach (var (address, size) in _mappings) Try(() => _system.Munmap(address, size));
        _mappings.Clear();
        Try(Reset);
        _device.Dispose();
        _fd = -1;
    }

    private static void Try(Action release)
    {
        try { release(); }
        catch (SystemCallException) { }
    }
}
