using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>
/// The Linux VFIO ioctls (type1 IOMMU, container/group/device file descriptors). Thin typed
/// wrappers: each throws <see cref="SystemCallException"/> naming the ioctl on failure.
/// </summary>
public static unsafe partial class Vfio
{
    public const int ApiVersion = 0;
    public const int Type1Iommu = 1;
    public const int Type1v2Iommu = 3;
    public const int NoIommu = 8;

    public const uint GroupFlagViable = 1;
    public const uint GroupFlagContainerSet = 2;

    public const uint RegionIndexConfig = 7;
    public const uint IrqIndexIntx = 0, IrqIndexMsi = 1, IrqIndexMsix = 2;

    private const uint IrqSetDataNone = 1, IrqSetDataEventfd = 4;
    private const uint IrqSetActionUnmask = 0x10, IrqSetActionTrigger = 0x20;
    private const uint DmaMapRead = 1, DmaMapWrite = 2;

    // _IO(';', 100 + n): VFIO ioctls carry no size in their number.
    private const nuint GetApiVersionNr = 0x3B64, CheckExtensionNr = 0x3B65, SetIommuNr = 0x3B66,
        GroupGetStatusNr = 0x3B67, GroupSetContainerNr = 0x3B68, GroupUnsetContainerNr = 0x3B69,
        GroupGetDeviceFdNr = 0x3B6A, DeviceGetInfoNr = 0x3B6B, DeviceGetRegionInfoNr = 0x3B6C,
        DeviceGetIrqInfoNr = 0x3B6D, DeviceSetIrqsNr = 0x3B6E, DeviceResetNr = 0x3B6F,
        IommuMapDmaNr = 0x3B71, IommuUnmapDmaNr = 0x3B72;

    /// <summary>The requests a running tender still makes (the seccomp policy allows these, docs/security.md).</summary>
    public const uint DeviceSetIrqsRequest = (uint)DeviceSetIrqsNr, DeviceResetRequest = (uint)DeviceResetNr,
        IommuUnmapDmaRequest = (uint)IommuUnmapDmaNr, GroupUnsetContainerRequest = (uint)GroupUnsetContainerNr;

    [LibraryImport(Libc.Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlValue(int fd, nuint request, nint value);

    [LibraryImport(Libc.Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlPointer(int fd, nuint request, void* arg);

    public static int GetApiVersion(int containerFd) =>
        Check(IoctlValue(containerFd, GetApiVersionNr, 0), "VFIO_GET_API_VERSION");

    /// <summary>True if the container supports the IOMMU type (e.g. <see cref="Type1Iommu"/>).</summary>
    public static bool CheckExtension(int containerFd, int extension) =>
        Check(IoctlValue(containerFd, CheckExtensionNr, extension), "VFIO_CHECK_EXTENSION") > 0;

    public static void SetIommu(int containerFd, int iommuType) =>
        Check(IoctlValue(containerFd, SetIommuNr, iommuType), "VFIO_SET_IOMMU");

    /// <summary>The group's status flags (<see cref="GroupFlagViable"/>, <see cref="GroupFlagContainerSet"/>).</summary>
    public static uint GetGroupStatus(int groupFd)
    {
        var status = new VfioGroupStatusRaw { ArgSz = (uint)sizeof(VfioGroupStatusRaw) };
        Check(IoctlPointer(groupFd, GroupGetStatusNr, &status), "VFIO_GROUP_GET_STATUS");
        return status.Flags;
    }

    public static void SetContainer(int groupFd, int containerFd) =>
        Check(IoctlPointer(groupFd, GroupSetContainerNr, &containerFd), "VFIO_GROUP_SET_CONTAINER");

    public static void UnsetContainer(int groupFd) =>
        Check(IoctlValue(groupFd, GroupUnsetContainerNr, 0), "VFIO_GROUP_UNSET_CONTAINER");

    /// <summary>Opens the device named by its PCI address ("0000:01:00.0") in the group.</summary>
    public static FileDescriptor GetDeviceFd(int groupFd, string deviceName)
    {
        var name = Utf8Text.GetBytes(deviceName + "\0");
        fixed (byte* p = name)
            return new FileDescriptor(Check(IoctlPointer(groupFd, GroupGetDeviceFdNr, p), "VFIO_GROUP_GET_DEVICE_FD"));
    }

    public static VfioDeviceInfo GetDeviceInfo(int deviceFd)
    {
        var info = new VfioDeviceInfoRaw { ArgSz = (uint)sizeof(VfioDeviceInfoRaw) };
        Check(IoctlPointer(deviceFd, DeviceGetInfoNr, &info), "VFIO_DEVICE_GET_INFO");
        return new VfioDeviceInfo(info.Flags, info.NumRegions, info.NumIrqs);
    }

    /// <summary>Region info including the sparse-mmap capability: asks once with the bare struct,
    /// and again with the size the kernel requests when the region has capabilities.</summary>
    public static VfioRegionInfo GetRegionInfo(int deviceFd, uint index)
    {
        var info = new VfioRegionInfoRaw { ArgSz = (uint)sizeof(VfioRegionInfoRaw), Index = index };
        Check(IoctlPointer(deviceFd, DeviceGetRegionInfoNr, &info), "VFIO_DEVICE_GET_REGION_INFO");
        IReadOnlyList<VfioSparseArea>? sparse = null;
        if ((info.Flags & (uint)VfioRegionFlags.Caps) != 0 && info.ArgSz > sizeof(VfioRegionInfoRaw))
        {
            var buffer = new byte[info.ArgSz];
            fixed (byte* p = buffer)
            {
                var full = (VfioRegionInfoRaw*)p;
                *full = new VfioRegionInfoRaw { ArgSz = (uint)buffer.Length, Index = index };
                Check(IoctlPointer(deviceFd, DeviceGetRegionInfoNr, p), "VFIO_DEVICE_GET_REGION_INFO");
                info = *full;
            }
            try { sparse = VfioRegionCapabilities.FindSparseMmap(buffer, info.CapOffset); }
            catch (InvalidDataException) { throw new SystemCallException("VFIO_DEVICE_GET_REGION_INFO (capability chain)", Errno.EINVAL); }
        }
        return new VfioRegionInfo(index, (VfioRegionFlags)info.Flags, info.Size, info.Offset, sparse);
    }

    public static VfioIrqInfo GetIrqInfo(int deviceFd, uint index)
    {
        var info = new VfioIrqInfoRaw { ArgSz = (uint)sizeof(VfioIrqInfoRaw), Index = index };
        Check(IoctlPointer(deviceFd, DeviceGetIrqInfoNr, &info), "VFIO_DEVICE_GET_IRQ_INFO");
        return new VfioIrqInfo(info.Index, info.Flags, info.Count);
    }

    /// <summary>Signals <paramref name="eventfds"/> (one per vector from <paramref name="start"/>) on interrupts.</summary>
    public static void SetIrqEventfds(int deviceFd, uint index, uint start, ReadOnlySpan<int> eventfds)
    {
        var size = sizeof(VfioIrqSetHeaderRaw) + eventfds.Length * sizeof(int);
        var buffer = stackalloc byte[size];
        *(VfioIrqSetHeaderRaw*)buffer = new VfioIrqSetHeaderRaw
        {
            ArgSz = (uint)size, Flags = IrqSetDataEventfd | IrqSetActionTrigger,
            Index = index, Start = start, Count = (uint)eventfds.Length,
        };
        eventfds.CopyTo(new Span<int>(buffer + sizeof(VfioIrqSetHeaderRaw), eventfds.Length));
        Check(IoctlPointer(deviceFd, DeviceSetIrqsNr, buffer), "VFIO_DEVICE_SET_IRQS");
    }

    /// <summary>Disables every vector of the IRQ index (DATA_NONE | ACTION_TRIGGER, count 0).</summary>
    public static void DisableIrqs(int deviceFd, uint index)
    {
        var set = new VfioIrqSetHeaderRaw
        {
            ArgSz = (uint)sizeof(VfioIrqSetHeaderRaw), Flags = IrqSetDataNone | IrqSetActionTrigger, Index = index,
        };
        Check(IoctlPointer(deviceFd, DeviceSetIrqsNr, &set), "VFIO_DEVICE_SET_IRQS");
    }

    /// <summary>Unmasks one vector (INTx is masked by the kernel each time it fires).</summary>
    public static void UnmaskIrq(int deviceFd, uint index, uint vector)
    {
        var set = new VfioIrqSetHeaderRaw
        {
            ArgSz = (uint)sizeof(VfioIrqSetHeaderRaw), Flags = IrqSetDataNone | IrqSetActionUnmask,
            Index = index, Start = vector, Count = 1,
        };
        Check(IoctlPointer(deviceFd, DeviceSetIrqsNr, &set), "VFIO_DEVICE_SET_IRQS");
    }

    public static void Reset(int deviceFd) =>
        Check(IoctlValue(deviceFd, DeviceResetNr, 0), "VFIO_DEVICE_RESET");

    /// <summary>Maps host memory [vaddr, vaddr+size) at <paramref name="iova"/> for the container's devices.</summary>
    public static void MapDma(int containerFd, nint vaddr, ulong iova, ulong size, bool writable)
    {
        var map = new VfioDmaMapRaw
        {
            ArgSz = (uint)sizeof(VfioDmaMapRaw), Flags = DmaMapRead | (writable ? DmaMapWrite : 0),
            Vaddr = (ulong)vaddr, Iova = iova, Size = size,
        };
        Check(IoctlPointer(containerFd, IommuMapDmaNr, &map), "VFIO_IOMMU_MAP_DMA");
    }

    public static void UnmapDma(int containerFd, ulong iova, ulong size)
    {
        var unmap = new VfioDmaUnmapRaw { ArgSz = (uint)sizeof(VfioDmaUnmapRaw), Iova = iova, Size = size };
        Check(IoctlPointer(containerFd, IommuUnmapDmaNr, &unmap), "VFIO_IOMMU_UNMAP_DMA");
    }

    private static int Check(int result, string name) =>
        result >= 0 ? result : throw new SystemCallException($"ioctl({name})", Marshal.GetLastPInvokeError());
}
