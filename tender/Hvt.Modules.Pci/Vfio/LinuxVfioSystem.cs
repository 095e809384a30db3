using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Options;
using VfioIoctl = Solo5Net.Interop.Vfio;

namespace Solo5Net.Hvt.Modules.Pci.Vfio;

/// <summary>The real host: sysfs under /sys/bus/pci and /sys/kernel/iommu_groups, nodes under /dev/vfio.</summary>
public sealed class LinuxVfioSystem(string sysRoot = "/sys", string devRoot = "/dev") : IVfioSystem
{
    private string DevicePath(string name) => Path.Combine(sysRoot, "bus/pci/devices", name);

    public bool DeviceExists(PciAddress device) => Directory.Exists(DevicePath(device.ToString()));

    public string? DriverOf(PciAddress device) => DriverOfName(device.ToString());

    public string? DriverOfName(string deviceName) => LinkTarget(Path.Combine(DevicePath(deviceName), "driver"));

    public string? IommuGroupOf(PciAddress device) => LinkTarget(Path.Combine(DevicePath(device.ToString()), "iommu_group"));

    public IReadOnlyList<string> GroupDevices(string group)
    {
        var dir = Path.Combine(sysRoot, "kernel/iommu_groups", group, "devices");
        return Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>().Order().ToList() : [];
    }

    public bool GroupNodeExists(string node) => File.Exists(Path.Combine(devRoot, "vfio", node));

    private static string? LinkTarget(string link)
    {
        var info = new FileInfo(link);
        return info.LinkTarget is { } target ? Path.GetFileName(target.TrimEnd('/')) : null;
    }

    public FileDescriptor OpenContainer() => Libc.Open(Path.Combine(devRoot, "vfio/vfio"), Libc.O_RDWR | Libc.O_CLOEXEC);
    public FileDescriptor OpenGroup(string node) => Libc.Open(Path.Combine(devRoot, "vfio", node), Libc.O_RDWR | Libc.O_CLOEXEC);

    public int GetApiVersion(int container) => VfioIoctl.GetApiVersion(container);
    public bool CheckExtension(int container, int extension) => VfioIoctl.CheckExtension(container, extension);
    public void SetIommu(int container, int iommuType) => VfioIoctl.SetIommu(container, iommuType);
    public uint GetGroupStatus(int group) => VfioIoctl.GetGroupStatus(group);
    public void SetContainer(int group, int container) => VfioIoctl.SetContainer(group, container);
    public void UnsetContainer(int group) => VfioIoctl.UnsetContainer(group);
    public FileDescriptor GetDeviceFd(int group, string deviceName) => VfioIoctl.GetDeviceFd(group, deviceName);
    public VfioDeviceInfo GetDeviceInfo(int device) => VfioIoctl.GetDeviceInfo(device);
    public VfioRegionInfo GetRegionInfo(int device, uint index) => VfioIoctl.GetRegionInfo(device, index);
    public VfioIrqInfo GetIrqInfo(int device, uint index) => VfioIoctl.GetIrqInfo(device, index);
    public void SetIrqEventfds(int device, uint index, ReadOnlySpan<int> eventfds) => VfioIoctl.SetIrqEventfds(device, index, 0, eventfds);
    public void DisableIrqs(int device, uint index) => VfioIoctl.DisableIrqs(device, index);
    public void UnmaskIrq(int device, uint index) => VfioIoctl.UnmaskIrq(device, index, 0);
    public void ResetDevice(int device) => VfioIoctl.Reset(device);
    public void MapDma(int container, nint vaddr, ulong iova, ulong size) => VfioIoctl.MapDma(container, vaddr, iova, size, writable: true);
    public void UnmapDma(int container, ulong iova, ulong size) => VfioIoctl.UnmapDma(container, iova, size);

    public void Pread(int fd, Span<byte> data, long offset)
    {
        if (Libc.Pread(fd, data, offset) != data.Length) throw new SystemCallException("pread(vfio device)", Errno.EIO);
    }

    public void Pwrite(int fd, ReadOnlySpan<byte> data, long offset)
    {
        if (Libc.Pwrite(fd, data, offset) != data.Length) throw new SystemCallException("pwrite(vfio device)", Errno.EIO);
    }

    public nint Mmap(int fd, long offset, ulong size) =>
        Libc.Mmap(0, size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, offset);

    public void Munmap(nint address, ulong size) => Libc.Munmap(address, size);
}
