using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.E1000;
using Solo5Net.DevEmu.Virtio;
using Solo5Net.VfioUser;

namespace Solo5Net.Tests.DevEmu.Virtio;

/// <summary>
/// A scripted virtio driver for the model's tests: client memory shared through DMA_MAP, the
/// device's BAR0 written like a guest would, and raw descriptor/ring writes (well-formed or not).
/// Each queue has its table, driver and device areas in one 16 KiB slice of the window.
/// </summary>
public sealed class VirtioTestDriver : IDisposable
{
    public const ulong Iova = 0x1_0000_0000, WindowSize = 0x40000;
    public const ulong Buffers = Iova + 0x20000;
    public const ushort Size = 8;
    public static readonly MacAddress Mac = MacAddress.ParseOrRandom("02:00:00:00:00:02");

    private readonly ushort[] _availIndex = new ushort[2];

    public VirtioTestDriver(ulong offeredFeatures = VirtioFeatures.NetDefault, long needsResetAfterFrames = 0, int msixVectors = 0)
    {
        Dma.Map(new DmaMapRequest(DmaProtection.Read | DmaProtection.Write, 0, Iova, WindowSize), Memory.Fd).Should().Be(0);
        Device = new VirtioNetDevice(Dma, Port, Mac, 1500, offeredFeatures, needsResetAfterFrames, msixVectors);
    }

    public ClientMemory Memory { get; } = new(WindowSize);
    public DmaSpace Dma { get; } = new();
    public RecordingPort Port { get; } = new();
    public VirtioNetDevice Device { get; }

    public static ulong DescriptorTable(int queue) => Iova + (ulong)queue * 0x4000;
    public static ulong DriverArea(int queue) => DescriptorTable(queue) + 0x1000;
    public static ulong DeviceArea(int queue) => DescriptorTable(queue) + 0x2000;

    public void Dispose()
    {
        Device.Dispose();
        Dma.Dispose();
        Memory.Dispose();
    }

    public void Write8(uint offset, byte value) => Device.WriteBar(0, offset, [value]);

    public void Write16(uint offset, ushort value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        Device.WriteBar(0, offset, b);
    }

    public void Write32(uint offset, uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Device.WriteBar(0, offset, b);
    }

    public void Write64(uint offset, ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        Device.WriteBar(0, offset, b);
    }

    public ulong Read(uint offset, int width)
    {
        var b = new byte[width];
        Device.ReadBar(0, offset, b);
        ulong v = 0;
        for (int i = width - 1; i >= 0; i--) v = v << 8 | b[i];
        return v;
    }

    public DeviceStatus Status => (DeviceStatus)Read(VirtioPciLayout.CommonOffset + CommonConfigRegisters.DeviceStatus, 1);

    public void SetStatus(DeviceStatus status) => Write8(VirtioPciLayout.CommonOffset + CommonConfigRegisters.DeviceStatus, (byte)status);

    public ulong DeviceFeatures()
    {
        uint c = VirtioPciLayout.CommonOffset;
        Write32(c + CommonConfigRegisters.DeviceFeatureSelect, 0);
        ulong low = Read(c + CommonConfigRegisters.DeviceFeature, 4);
        Write32(c + CommonConfigRegisters.DeviceFeatureSelect, 1);
        return low | Read(c + CommonConfigRegisters.DeviceFeature, 4) << 32;
    }

    /// <summary>ACKNOWLEDGE, DRIVER, the features, FEATURES_OK; returns the status read back.</summary>
    public DeviceStatus Negotiate(ulong features)
    {
        uint c = VirtioPciLayout.CommonOffset;
        SetStatus(DeviceStatus.None);
        SetStatus(DeviceStatus.Acknowledge);
        SetStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        Write32(c + CommonConfigRegisters.DriverFeatureSelect, 0);
        Write32(c + CommonConfigRegisters.DriverFeature, (uint)features);
        Write32(c + CommonConfigRegisters.DriverFeatureSelect, 1);
        Write32(c + CommonConfigRegisters.DriverFeature, (uint)(features >> 32));
        SetStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        return Status;
    }

    public void ConfigureQueue(int queue, ushort size = Size, ulong? table = null)
    {
        uint c = VirtioPciLayout.CommonOffset;
        Write16(c + CommonConfigRegisters.QueueSelect, (ushort)queue);
        Write16(c + CommonConfigRegisters.QueueSize, size);
        Write64(c + CommonConfigRegisters.QueueDesc, table ?? DescriptorTable(queue));
        Write64(c + CommonConfigRegisters.QueueDriver, DriverArea(queue));
        Write64(c + CommonConfigRegisters.QueueDevice, DeviceArea(queue));
        Write16(c + CommonConfigRegisters.QueueEnable, 1);
    }

    /// <summary>Negotiates the default features, configures both queues and sets DRIVER_OK.</summary>
    public void Start()
    {
        Negotiate(VirtioFeatures.Version1 | VirtioFeatures.AccessPlatform | VirtioFeatures.NetMac).Should().HaveFlag(DeviceStatus.FeaturesOk);
        ConfigureQueue(VirtioNetDevice.ReceiveQueue);
        ConfigureQueue(VirtioNetDevice.TransmitQueue);
        SetStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk);
        Device.Status.Should().Be(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk);
    }

    public void WriteDescriptor(int queue, int index, VirtqDescriptor descriptor)
    {
        var b = new byte[VirtqDescriptor.Size];
        descriptor.Encode(b);
        Memory.Write(DescriptorTable(queue) - Iova + (ulong)index * VirtqDescriptor.Size, b);
    }

    /// <summary>Puts <paramref name="head"/> in the next avail slot and publishes the index.</summary>
    public void MakeAvailable(int queue, ushort head)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, head);
        Memory.Write(VirtqLayout.AvailEntry(DriverArea(queue), _availIndex[queue] % Size) - Iova, b);
        SetAvailIndex(queue, (ushort)(_availIndex[queue] + 1));
    }

    public void SetAvailIndex(int queue, ushort index)
    {
        _availIndex[queue] = index;
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, index);
        Memory.Write(DriverArea(queue) + VirtqLayout.IndexOffset - Iova, b);
    }

    public void SetAvailFlags(int queue, ushort flags)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, flags);
        Memory.Write(DriverArea(queue) + VirtqLayout.FlagsOffset - Iova, b);
    }

    public void Notify(int queue) => Write16(VirtioPciLayout.NotifyOffset + (uint)queue * VirtioPciLayout.NotifyOffMultiplier, (ushort)queue);

    public ushort UsedIndex(int queue) => BinaryPrimitives.ReadUInt16LittleEndian(Memory.Read(DeviceArea(queue) + VirtqLayout.IndexOffset - Iova, 2));

    public (uint Id, uint Length) UsedEntry(int queue, int slot)
    {
        var b = Memory.Read(VirtqLayout.UsedEntry(DeviceArea(queue), slot) - Iova, VirtqLayout.UsedEntrySize);
        return (BinaryPrimitives.ReadUInt32LittleEndian(b), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4)));
    }

    /// <summary>Writes the MSI-X capability's Message Control (enable bit 15, function mask bit 14) in configuration space.</summary>
    public void SetMsixControl(ushort control)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, control);
        Device.Config.Write(Device.Config.MsixOffset + 2, b);
    }

    /// <summary>Writes config_msix_vector and returns what the device reads back.</summary>
    public ushort MapConfigVector(ushort vector)
    {
        Write16(VirtioPciLayout.CommonOffset + CommonConfigRegisters.ConfigMsixVector, vector);
        return (ushort)Read(VirtioPciLayout.CommonOffset + CommonConfigRegisters.ConfigMsixVector, 2);
    }

    /// <summary>Selects <paramref name="queue"/>, writes its queue_msix_vector and returns what the device reads back.</summary>
    public ushort MapQueueVector(int queue, ushort vector)
    {
        Write16(VirtioPciLayout.CommonOffset + CommonConfigRegisters.QueueSelect, (ushort)queue);
        Write16(VirtioPciLayout.CommonOffset + CommonConfigRegisters.QueueMsixVector, vector);
        return (ushort)Read(VirtioPciLayout.CommonOffset + CommonConfigRegisters.QueueMsixVector, 2);
    }

    public byte ReadIsr() => (byte)Read(VirtioPciLayout.IsrOffset, 1);

    public void WriteBuffer(ulong iova, ReadOnlySpan<byte> data) => Memory.Write(iova - Iova, data);

    public byte[] ReadBuffer(ulong iova, int count) => Memory.Read(iova - Iova, count);
}
