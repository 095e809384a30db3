using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Options;
using Solo5Net.Hvt.Modules.Pci.Vfio;

namespace Solo5Net.Tests.Pci.Vfio;

/// <summary>
/// A model of the host's VFIO: sysfs devices and IOMMU groups, /dev/vfio nodes, and the kernel's
/// rules for the ioctls (a group must join a container before SET_IOMMU; DMA maps and device fds
/// need an IOMMU set; a busy group refuses to open). Records every call in order and every
/// resource still held, so tests can check ordering, error paths and cleanup.
/// </summary>
public sealed class FakeVfioSystem : IVfioSystem
{
    public sealed class Device
    {
        public required string Name { get; init; }
        public string? Driver { get; set; } = "vfio-pci";
        public string? Group { get; set; }
        public byte[] Config { get; } = new byte[256];
        public Dictionary<uint, (ulong Size, VfioRegionFlags Flags, IReadOnlyList<VfioSparseArea>? Sparse)> Bars { get; } = [];
        public Dictionary<uint, byte[]> BarContents { get; } = [];
        public uint MsiCount { get; set; } = 1;
        public uint IntxCount { get; set; } = 1;
        public uint MsixCount { get; set; }
        public bool ResetSupported { get; set; } = true;
        public int Resets { get; set; }
        /// <summary>Models a level-triggered INTx line: raised by the test, lowered when the driver writes
        /// <see cref="InterruptAckRegister"/>; unmasking while it is still raised fires the eventfd again,
        /// as vfio-pci does.</summary>
        public volatile bool IntxLineRaised;
        public (uint Bar, int Offset)? InterruptAckRegister { get; set; }
    }

    private enum FdKind { Container, Group, Device }
    private sealed record Fd(FdKind Kind, string Target);

    public Dictionary<string, Device> Devices { get; } = [];
    public HashSet<string> GroupNodes { get; } = [];
    public HashSet<string> BusyGroups { get; } = [];
    public HashSet<string> KernelNonViableGroups { get; } = [];
    public List<string> Calls { get; } = [];
    public Dictionary<(int Container, ulong Iova), ulong> DmaMaps { get; } = [];
    public Dictionary<nint, ulong> Mmaps { get; } = [];
    /// <summary>Concurrent: a test thread plays the device and signals these while the tender runs.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(string Device, uint Index), int> IrqEventfds { get; } = [];
    public List<uint> Unmasks { get; } = [];
    public Func<string, uint, Exception?> FailRegionInfo { get; set; } = (_, _) => null;
    /// <summary>Makes every mmap of a BAR fail (EINVAL) although VFIO advertised it as mappable.</summary>
    public bool FailMmap { get; set; }

    private readonly Dictionary<int, Fd> _fds = [];
    private readonly Dictionary<string, int> _groupContainer = []; // group node -> container fd
    private readonly Dictionary<int, int> _iommuType = [];          // container fd -> type
    private int _nextFd = 100;

    public IEnumerable<string> OpenFds => _fds.Values.Select(f => $"{f.Kind}:{f.Target}");

    public Device AddDevice(string name, string group, ushort vendor = 0x1234, ushort device = 0x11e8)
    {
        var d = new Device { Name = name, Group = group };
        BitConverter.TryWriteBytes(d.Config.AsSpan(0), vendor);
        BitConverter.TryWriteBytes(d.Config.AsSpan(2), device);
        d.Config[0x0B] = 0x00; d.Config[0x0A] = 0xFF; // class 0x00, subclass 0xff
        Devices[name] = d;
        GroupNodes.Add(group);
        return d;
    }

    public void AddBar(Device d, uint index, ulong size, uint barRegister = 0, IReadOnlyList<VfioSparseArea>? sparse = null, bool mmap = true)
    {
        var flags = VfioRegionFlags.Read | VfioRegionFlags.Write | (mmap ? VfioRegionFlags.Mmap : 0) | (sparse != null ? VfioRegionFlags.Caps : 0);
        d.Bars[index] = (size, flags, sparse);
        d.BarContents[index] = new byte[Math.Min(size, 0x1000)];
        BitConverter.TryWriteBytes(d.Config.AsSpan(0x10 + (int)index * 4), barRegister);
    }

    private static SystemCallException Error(string call, int errno) => new($"ioctl({call})", errno);

    private Fd Get(int fd, FdKind kind, string call) =>
        _fds.TryGetValue(fd, out var f) && f.Kind == kind ? f : throw Error(call, Errno.EBADF);

    private int NewFd(FdKind kind, string target) { var fd = _nextFd++; _fds[fd] = new Fd(kind, target); return fd; }

    // sysfs
    public bool DeviceExists(PciAddress device) => Devices.ContainsKey(device.ToString());
    public string? DriverOf(PciAddress device) => DriverOfName(device.ToString());
    public string? DriverOfName(string deviceName) => Devices.TryGetValue(deviceName, out var d) ? d.Driver : null;
    public string? IommuGroupOf(PciAddress device) => Devices.TryGetValue(device.ToString(), out var d) ? d.Group : null;
    public IReadOnlyList<string> GroupDevices(string group) => Devices.Values.Where(d => d.Group == group).Select(d => d.Name).Order().ToList();
    public bool GroupNodeExists(string node) => GroupNodes.Contains(node);

    // nodes
    public FileDescriptor OpenContainer() { Calls.Add("open container"); return Owned(NewFd(FdKind.Container, "vfio")); }

    public FileDescriptor OpenGroup(string node)
    {
        Calls.Add($"open group {node}");
        if (!GroupNodes.Contains(node)) throw new SystemCallException($"open(/dev/vfio/{node})", Errno.ENOENT);
        if (BusyGroups.Contains(node)) throw new SystemCallException($"open(/dev/vfio/{node})", Errno.EBUSY);
        return Owned(NewFd(FdKind.Group, node));
    }

    /// <summary>A descriptor of this fake: disposing it closes it here (never the process's fd of that number).</summary>
    private FileDescriptor Owned(int fd) => new(fd, Close);

    private void Close(int fd)
    {
        if (!_fds.Remove(fd, out var f)) throw new SystemCallException("close", Errno.EBADF);
        Calls.Add($"close {f.Kind.ToString().ToLowerInvariant()} {f.Target}");
        if (f.Kind == FdKind.Group) _groupContainer.Remove(f.Target);
        if (f.Kind == FdKind.Container)
        {
            // The kernel drops the container's mappings with it; the tender should not rely on that.
            foreach (var key in DmaMaps.Keys.Where(k => k.Container == fd).ToList()) DmaMaps.Remove(key);
        }
    }

    // ioctls
    public int GetApiVersion(int container) { Get(container, FdKind.Container, "VFIO_GET_API_VERSION"); return 0; }
    public bool CheckExtension(int container, int extension) { Get(container, FdKind.Container, "VFIO_CHECK_EXTENSION"); return extension is 1 or 3; }

    public void SetIommu(int container, int iommuType)
    {
        Get(container, FdKind.Container, "VFIO_SET_IOMMU");
        Calls.Add($"set iommu {iommuType}");
        if (!_groupContainer.ContainsValue(container) || _iommuType.ContainsKey(container)) throw Error("VFIO_SET_IOMMU", Errno.EINVAL);
        _iommuType[container] = iommuType;
    }

    public uint GetGroupStatus(int group)
    {
        var f = Get(group, FdKind.Group, "VFIO_GROUP_GET_STATUS");
        var viable = !KernelNonViableGroups.Contains(f.Target) ? 1u : 0u;
        return viable | (_groupContainer.ContainsKey(f.Target) ? 2u : 0u);
    }

    public void SetContainer(int group, int container)
    {
        var f = Get(group, FdKind.Group, "VFIO_GROUP_SET_CONTAINER");
        Get(container, FdKind.Container, "VFIO_GROUP_SET_CONTAINER");
        Calls.Add($"set container {f.Target}");
        if (_groupContainer.ContainsKey(f.Target)) throw Error("VFIO_GROUP_SET_CONTAINER", Errno.EBUSY);
        _groupContainer[f.Target] = container;
    }

    public void UnsetContainer(int group)
    {
        var f = Get(group, FdKind.Group, "VFIO_GROUP_UNSET_CONTAINER");
        Calls.Add($"unset container {f.Target}");
        if (!_groupContainer.Remove(f.Target)) throw Error("VFIO_GROUP_UNSET_CONTAINER", Errno.EINVAL);
    }

    public FileDescriptor GetDeviceFd(int group, string deviceName)
    {
        var f = Get(group, FdKind.Group, "VFIO_GROUP_GET_DEVICE_FD");
        Calls.Add($"get device {deviceName}");
        if (!_groupContainer.TryGetValue(f.Target, out var c) || !_iommuType.ContainsKey(c)) throw Error("VFIO_GROUP_GET_DEVICE_FD", Errno.EINVAL);
        if (!Devices.TryGetValue(deviceName, out var d) || d.Group != f.Target.Replace("noiommu-", "")) throw Error("VFIO_GROUP_GET_DEVICE_FD", Errno.ENODEV);
        if (_fds.Values.Any(x => x.Kind == FdKind.Device && x.Target == deviceName)) throw Error("VFIO_GROUP_GET_DEVICE_FD", Errno.EBUSY);
        return Owned(NewFd(FdKind.Device, deviceName));
    }

    private Device DeviceOf(int fd, string call) => Devices[Get(fd, FdKind.Device, call).Target];

    public VfioDeviceInfo GetDeviceInfo(int device)
    {
        var d = DeviceOf(device, "VFIO_DEVICE_GET_INFO");
        return new VfioDeviceInfo((d.ResetSupported ? 1u : 0) | 2u, 9, 5);
    }

    public static ulong RegionOffset(uint index) => (ulong)index << 40;

    public VfioRegionInfo GetRegionInfo(int device, uint index)
    {
        var d = DeviceOf(device, "VFIO_DEVICE_GET_REGION_INFO");
        if (FailRegionInfo(d.Name, index) is { } failure) throw failure;
        if (index == 7) return new VfioRegionInfo(7, VfioRegionFlags.Read | VfioRegionFlags.Write, (ulong)d.Config.Length, RegionOffset(7), null);
        return d.Bars.TryGetValue(index, out var bar)
            ? new VfioRegionInfo(index, bar.Flags, bar.Size, RegionOffset(index), bar.Sparse)
            : new VfioRegionInfo(index, VfioRegionFlags.None, 0, RegionOffset(index), null);
    }

    public VfioIrqInfo GetIrqInfo(int device, uint index)
    {
        var d = DeviceOf(device, "VFIO_DEVICE_GET_IRQ_INFO");
        var count = index switch { 0 => d.IntxCount, 1 => d.MsiCount, 2 => d.MsixCount, _ => 0u };
        return new VfioIrqInfo(index, count > 0 ? 1u | (index == 0 ? 4u : 0) : 0, count);
    }

    /// <summary>As vfio-pci: one index at a time (another index while one is on is EINVAL), and no
    /// more vectors than the index has.</summary>
    public void SetIrqEventfds(int device, uint index, ReadOnlySpan<int> eventfds)
    {
        var d = DeviceOf(device, "VFIO_DEVICE_SET_IRQS");
        Calls.Add(eventfds.Length == 1 ? $"set irq {index}" : $"set irq {index} x{eventfds.Length}");
        var count = index switch { 0 => d.IntxCount, 1 => d.MsiCount, 2 => d.MsixCount, _ => 0u };
        if ((uint)eventfds.Length > count || IrqEventfds.Keys.Any(k => k.Device == d.Name && k.Index != index))
            throw Error("VFIO_DEVICE_SET_IRQS", Errno.EINVAL);
        IrqEventfds[(d.Name, index)] = eventfds[0];
        IrqVectors[(d.Name, index)] = eventfds.ToArray();
    }

    /// <summary>Every eventfd of the last SET_IRQS per device and index (MSI-X: one per vector).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(string Device, uint Index), int[]> IrqVectors { get; } = [];

    public void DisableIrqs(int device, uint index)
    {
        var d = DeviceOf(device, "VFIO_DEVICE_SET_IRQS");
        Calls.Add($"disable irq {index}");
        IrqEventfds.TryRemove((d.Name, index), out _);
        IrqVectors.TryRemove((d.Name, index), out _);
    }

    public void UnmaskIrq(int device, uint index)
    {
        var d = DeviceOf(device, "VFIO_DEVICE_SET_IRQS");
        Unmasks.Add(index);
        if (index == 0 && d.IntxLineRaised && IrqEventfds.TryGetValue((d.Name, 0), out var eventfd))
            Eventfd.Signal(eventfd);
    }

    public void ResetDevice(int device)
    {
        var d = DeviceOf(device, "VFIO_DEVICE_RESET");
        Calls.Add($"reset {d.Name}");
        d.Resets++;
    }

    public void MapDma(int container, nint vaddr, ulong iova, ulong size)
    {
        Get(container, FdKind.Container, "VFIO_IOMMU_MAP_DMA");
        Calls.Add($"map dma 0x{iova:x}+0x{size:x}");
        if (!_iommuType.ContainsKey(container)) throw Error("VFIO_IOMMU_MAP_DMA", Errno.EINVAL);
        if (DmaMaps.Keys.Any(k => k.Container == container && iova < k.Iova + DmaMaps[k] && k.Iova < iova + size)) throw Error("VFIO_IOMMU_MAP_DMA", Errno.EEXIST);
        DmaMaps[(container, iova)] = size;
    }

    public void UnmapDma(int container, ulong iova, ulong size)
    {
        Get(container, FdKind.Container, "VFIO_IOMMU_UNMAP_DMA");
        Calls.Add($"unmap dma 0x{iova:x}+0x{size:x}");
        if (!DmaMaps.Remove((container, iova))) throw Error("VFIO_IOMMU_UNMAP_DMA", Errno.EINVAL);
    }

    public void Pread(int fd, Span<byte> data, long offset) => Buffer(fd, offset, data.Length).CopyTo(data);

    public void Pwrite(int fd, ReadOnlySpan<byte> data, long offset)
    {
        data.CopyTo(Buffer(fd, offset, data.Length));
        var d = DeviceOf(fd, "pwrite");
        if (d.InterruptAckRegister is var (bar, at) && (uint)(offset >> 40) == bar && (offset & 0xFF_FFFF_FFFF) == at)
            d.IntxLineRaised = false;
    }

    private Span<byte> Buffer(int fd, long offset, int length)
    {
        var d = DeviceOf(fd, "pread");
        var index = (uint)(offset >> 40);
        var at = (int)(offset & 0xFF_FFFF_FFFF);
        var buffer = index == 7 ? d.Config : d.BarContents.GetValueOrDefault(index) ?? throw new SystemCallException("pread", Errno.EINVAL);
        if (at + length > buffer.Length) throw new SystemCallException("pread", Errno.EINVAL);
        return buffer.AsSpan(at, length);
    }

    /// <summary>Real shared anonymous memory stands in for a BAR mapping, so a KVM memslot can use it;
    /// its bytes are kept when it is unmapped (see <see cref="UnmappedContents"/>).</summary>
    public nint Mmap(int fd, long offset, ulong size)
    {
        var d = DeviceOf(fd, "mmap");
        var index = (uint)(offset >> 40);
        var at = (ulong)(offset & 0xFF_FFFF_FFFF);
        Calls.Add($"mmap bar{index} 0x{at:x}+0x{size:x}");
        if (!d.Bars.TryGetValue(index, out var bar) || (bar.Flags & VfioRegionFlags.Mmap) == 0) throw new SystemCallException("mmap", Errno.EINVAL);
        var areas = bar.Sparse ?? [new VfioSparseArea(0, bar.Size)];
        if (FailMmap || !areas.Any(a => at >= a.Offset && at + size <= a.Offset + a.Size)) throw new SystemCallException("mmap", Errno.EINVAL);
        var address = Libc.Mmap(0, size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED | Libc.MAP_ANONYMOUS, -1, 0);
        Mmaps[address] = size;
        _mmapOrigin[address] = $"{d.Name} bar{index} 0x{at:x}";
        return address;
    }

    /// <summary>The bytes of each BAR mapping at the time it was unmapped, by "device barN 0xOFFSET".</summary>
    public Dictionary<string, byte[]> UnmappedContents { get; } = [];
    private readonly Dictionary<nint, string> _mmapOrigin = [];

    public void Munmap(nint address, ulong size)
    {
        if (!Mmaps.Remove(address)) throw new SystemCallException("munmap", Errno.EINVAL);
        var bytes = new byte[size];
        System.Runtime.InteropServices.Marshal.Copy(address, bytes, 0, bytes.Length);
        UnmappedContents[_mmapOrigin[address]] = bytes;
        Libc.Munmap(address, size);
    }
}
