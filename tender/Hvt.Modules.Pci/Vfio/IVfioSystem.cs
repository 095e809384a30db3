using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Options;

namespace Solo5Net.Hvt.Modules.Pci.Vfio;

/// <summary>
/// The host VFIO boundary: sysfs facts about PCI devices and IOMMU groups, the /dev/vfio nodes,
/// the VFIO ioctls and device-fd I/O. <see cref="LinuxVfioSystem"/> is the real one; tests use a
/// model of it. Failures of the calls are <see cref="SystemCallException"/>s, as from the kernel.
/// </summary>
public interface IVfioSystem
{
    bool DeviceExists(PciAddress device);
    /// <summary>Name of the driver bound to the device, or null if none.</summary>
    string? DriverOf(PciAddress device);
    /// <summary>The device's IOMMU group number as a string, or null if it has none (no IOMMU).</summary>
    string? IommuGroupOf(PciAddress device);
    /// <summary>Every device in the group (sysfs iommu_groups/N/devices), by its sysfs name.</summary>
    IReadOnlyList<string> GroupDevices(string group);
    /// <summary>Driver of any device by sysfs name (for group members), or null.</summary>
    string? DriverOfName(string deviceName);
    /// <summary>True if /dev/vfio/<paramref name="node"/> exists ("5" or "noiommu-5").</summary>
    bool GroupNodeExists(string node);

    FileDescriptor OpenContainer();
    FileDescriptor OpenGroup(string node);

    int GetApiVersion(int container);
    bool CheckExtension(int container, int extension);
    void SetIommu(int container, int iommuType);
    uint GetGroupStatus(int group);
    void SetContainer(int group, int container);
    void UnsetContainer(int group);
    FileDescriptor GetDeviceFd(int group, string deviceName);
    VfioDeviceInfo GetDeviceInfo(int device);
    VfioRegionInfo GetRegionInfo(int device, uint index);
    VfioIrqInfo GetIrqInfo(int device, uint index);
    void SetIrqEventfds(int device, uint index, ReadOnlySpan<int> eventfds);
    void DisableIrqs(int device, uint index);
    void UnmaskIrq(int device, uint index);
    void ResetDevice(int device);
    void MapDma(int container, nint vaddr, ulong iova, ulong size);
    void UnmapDma(int container, ulong iova, ulong size);

    void Pread(int fd, Span<byte> data, long offset);
    void Pwrite(int fd, ReadOnlySpan<byte> data, long offset);
    nint Mmap(int fd, long offset, ulong size);
    void Munmap(nint address, ulong size);
}
