using System.Buffers.Binary;

namespace Solo5Net.DevEmu.Virtio;

/// <summary>
/// The common configuration block of a modern virtio PCI device (docs/virtio-net.md §3): feature
/// windows, device status with feature negotiation, and the selected queue's registers. Accesses
/// must hit one field with its own width (a 64-bit field also as two 32-bit halves); anything else
/// reads 0, is ignored and counted. Queue registers are frozen once the queue is enabled.
/// MSI-X vector registers (docs/virtio-net.md §3) map the configuration change and each queue to a
/// vector of the device's <paramref name="msixVectors"/>: a number outside the table (or any number
/// on a device without MSI-X) is a mapping failure, which reads back as NO_VECTOR; after a reset
/// every event is unmapped.
/// </summary>
public sealed class VirtioCommonConfig(ulong offeredFeatures, SplitVirtqueue[] queues, int msixVectors = 0)
{
    private uint _deviceFeatureSelect, _driverFeatureSelect;
    private ushort _queueSelect;
    private readonly ushort[] _queueVectors = NoVectors(queues.Length);

    public ulong OfferedFeatures { get; } = offeredFeatures;
    public ulong DriverFeatures { get; private set; }
    public DeviceStatus Status { get; private set; }
    public long IgnoredAccesses { get; private set; }

    /// <summary>The vector of configuration changes (NO_VECTOR: unmapped).</summary>
    public ushort ConfigVector { get; private set; } = CommonConfigRegisters.NoVector;

    /// <summary>Vector numbers the driver wrote that the device has no table entry for.</summary>
    public long VectorsRefused { get; private set; }

    /// <summary>The vector of queue <paramref name="queue"/>'s used-buffer notifications (NO_VECTOR: unmapped).</summary>
    public ushort QueueVector(int queue) => _queueVectors[queue];

    /// <summary>The driver wrote 0 to the status: reset the device.</summary>
    public event Action? ResetRequested;

    /// <summary>The driver set DRIVER_OK.</summary>
    public event Action? DriverReady;

    /// <summary>The driver enabled a queue whose configuration cannot work.</summary>
    public event Action<VirtqueueFault>? Fault;

    /// <summary>Features both sides agreed on (valid once FEATURES_OK is set).</summary>
    public bool Negotiated(ulong feature) => (Status & DeviceStatus.FeaturesOk) != 0 && (DriverFeatures & feature) != 0;

    /// <summary>The device may process its queues.</summary>
    public bool Operational => (Status & (DeviceStatus.DriverOk | DeviceStatus.NeedsReset | DeviceStatus.Failed)) == DeviceStatus.DriverOk;

    public void SetNeedsReset() => Status |= DeviceStatus.NeedsReset;

    public void Reset()
    {
        _deviceFeatureSelect = _driverFeatureSelect = 0;
        _queueSelect = 0;
        DriverFeatures = 0;
        Status = DeviceStatus.None;
        ConfigVector = CommonConfigRegisters.NoVector;
        Array.Fill(_queueVectors, CommonConfigRegisters.NoVector);
        foreach (var q in queues) q.Reset();
    }

    public void Read(int offset, Span<byte> data)
    {
        data.Clear();
        if (!TryRead(offset, data.Length, out ulong value))
        {
            IgnoredAccesses++;
            return;
        }
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(value >> (8 * i));
    }

    public void Write(int offset, ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        for (int i = data.Length - 1; i >= 0; i--) value = value << 8 | data[i];
        if (!TryWrite(offset, data.Length, value)) IgnoredAccesses++;
    }

    private SplitVirtqueue? Selected => _queueSelect < queues.Length ? queues[_queueSelect] : null;

    private bool TryRead(int offset, int width, out ulong value)
    {
        var q = Selected;
        ulong? field = (offset, width) switch
        {
            (CommonConfigRegisters.DeviceFeatureSelect, 4) => (ulong)_deviceFeatureSelect,
            (CommonConfigRegisters.DeviceFeature, 4) => _deviceFeatureSelect < 2 ? (uint)(OfferedFeatures >> (32 * (int)_deviceFeatureSelect)) : 0,
            (CommonConfigRegisters.DriverFeatureSelect, 4) => _driverFeatureSelect,
            (CommonConfigRegisters.DriverFeature, 4) => _driverFeatureSelect < 2 ? (uint)(DriverFeatures >> (32 * (int)_driverFeatureSelect)) : 0,
            (CommonConfigRegisters.ConfigMsixVector, 2) => ConfigVector,
            (CommonConfigRegisters.NumQueues, 2) => (ulong)queues.Length,
            (CommonConfigRegisters.DeviceStatus, 1) => (ulong)Status,
            (CommonConfigRegisters.ConfigGeneration, 1) => 0,
            (CommonConfigRegisters.QueueSelect, 2) => _queueSelect,
            (CommonConfigRegisters.QueueSize, 2) => q?.Size ?? 0,
            (CommonConfigRegisters.QueueMsixVector, 2) => q != null ? _queueVectors[_queueSelect] : CommonConfigRegisters.NoVector,
            (CommonConfigRegisters.QueueEnable, 2) => q is { Enabled: true } ? 1UL : 0,
            (CommonConfigRegisters.QueueNotifyOff, 2) => _queueSelect,
            (CommonConfigRegisters.QueueDesc, 8) => q?.DescriptorTable ?? 0,
            (CommonConfigRegisters.QueueDesc, 4) => (uint)(q?.DescriptorTable ?? 0),
            (CommonConfigRegisters.QueueDesc + 4, 4) => (q?.DescriptorTable ?? 0) >> 32,
            (CommonConfigRegisters.QueueDriver, 8) => q?.DriverArea ?? 0,
            (CommonConfigRegisters.QueueDriver, 4) => (uint)(q?.DriverArea ?? 0),
            (CommonConfigRegisters.QueueDriver + 4, 4) => (q?.DriverArea ?? 0) >> 32,
            (CommonConfigRegisters.QueueDevice, 8) => q?.DeviceArea ?? 0,
            (CommonConfigRegisters.QueueDevice, 4) => (uint)(q?.DeviceArea ?? 0),
            (CommonConfigRegisters.QueueDevice + 4, 4) => (q?.DeviceArea ?? 0) >> 32,
            _ => null,
        };
        value = field ?? 0;
        return field.HasValue;
    }

    private bool TryWrite(int offset, int width, ulong value)
    {
        switch (offset, width)
        {
            case (CommonConfigRegisters.DeviceFeatureSelect, 4): _deviceFeatureSelect = (uint)value; return true;
            case (CommonConfigRegisters.DriverFeatureSelect, 4): _driverFeatureSelect = (uint)value; return true;
            case (CommonConfigRegisters.DriverFeature, 4): return WriteDriverFeatures((uint)value);
            case (CommonConfigRegisters.ConfigMsixVector, 2): ConfigVector = MapVector((ushort)value); return true;
            case (CommonConfigRegisters.DeviceStatus, 1): WriteStatus((DeviceStatus)value); return true;
            case (CommonConfigRegisters.QueueSelect, 2): _queueSelect = (ushort)value; return true;
            case (CommonConfigRegisters.QueueMsixVector, 2): return WriteQueueVector((ushort)value);
            case (CommonConfigRegisters.QueueSize, 2): return WriteQueue(q => q.Size = (ushort)value);
            case (CommonConfigRegisters.QueueEnable, 2): return EnableQueue(value);
            case (CommonConfigRegisters.QueueDesc, 8): return WriteQueue(q => q.DescriptorTable = value);
            case (CommonConfigRegisters.QueueDesc, 4): return WriteQueue(q => q.DescriptorTable = Low(q.DescriptorTable, value));
            case (CommonConfigRegisters.QueueDesc + 4, 4): return WriteQueue(q => q.DescriptorTable = High(q.DescriptorTable, value));
            case (CommonConfigRegisters.QueueDriver, 8): return WriteQueue(q => q.DriverArea = value);
            case (CommonConfigRegisters.QueueDriver, 4): return WriteQueue(q => q.DriverArea = Low(q.DriverArea, value));
            case (CommonConfigRegisters.QueueDriver + 4, 4): return WriteQueue(q => q.DriverArea = High(q.DriverArea, value));
            case (CommonConfigRegisters.QueueDevice, 8): return WriteQueue(q => q.DeviceArea = value);
            case (CommonConfigRegisters.QueueDevice, 4): return WriteQueue(q => q.DeviceArea = Low(q.DeviceArea, value));
            case (CommonConfigRegisters.QueueDevice + 4, 4): return WriteQueue(q => q.DeviceArea = High(q.DeviceArea, value));
            default: return false;
        }
    }

    private static ushort[] NoVectors(int count)
    {
        var vectors = new ushort[count];
        Array.Fill(vectors, CommonConfigRegisters.NoVector);
        return vectors;
    }

    /// <summary>A vector of the table, or NO_VECTOR (unmapping; or a mapping the device refuses).</summary>
    private ushort MapVector(ushort vector)
    {
        if (vector == CommonConfigRegisters.NoVector || vector < msixVectors) return vector;
        VectorsRefused++;
        return CommonConfigRegisters.NoVector;
    }

    // Unlike the ring registers it may change while the queue runs (as in QEMU): only where its
    // notifications go changes.
    private bool WriteQueueVector(ushort vector)
    {
        if (Selected == null) return false;
        _queueVectors[_queueSelect] = MapVector(vector);
        return true;
    }

    private static ulong Low(ulong old, ulong value) => (old & 0xFFFF_FFFF_0000_0000UL) | (uint)value;

    private static ulong High(ulong old, ulong value) => (old & 0xFFFF_FFFFUL) | (value << 32);

    private bool WriteDriverFeatures(uint value)
    {
        if ((Status & DeviceStatus.FeaturesOk) != 0 || _driverFeatureSelect > 1) return false;
        int shift = 32 * (int)_driverFeatureSelect;
        DriverFeatures = (DriverFeatures & ~(0xFFFF_FFFFUL << shift)) | ((ulong)value << shift);
        return true;
    }

    private void WriteStatus(DeviceStatus value)
    {
        if (value == DeviceStatus.None)
        {
            ResetRequested?.Invoke();
            return;
        }
        // The driver cannot set NEEDS_RESET, nor clear a bit other than by resetting.
        var next = Status | (value & ~DeviceStatus.NeedsReset);
        if ((next & DeviceStatus.FeaturesOk) != 0 && (Status & DeviceStatus.FeaturesOk) == 0 && !AcceptableFeatures())
            next &= ~DeviceStatus.FeaturesOk;
        if ((next & DeviceStatus.DriverOk) != 0 && (next & DeviceStatus.FeaturesOk) == 0)
            next &= ~DeviceStatus.DriverOk;
        bool becameReady = (next & DeviceStatus.DriverOk) != 0 && (Status & DeviceStatus.DriverOk) == 0;
        Status = next;
        if (becameReady) DriverReady?.Invoke();
    }

    /// <summary>Only offered features, and VERSION_1 (this is a modern-only device).</summary>
    private bool AcceptableFeatures() =>
        (DriverFeatures & ~OfferedFeatures) == 0 && (DriverFeatures & VirtioFeatures.Version1) != 0;

    private bool WriteQueue(Action<SplitVirtqueue> write)
    {
        if (Selected is not { Enabled: false } q) return false;
        write(q);
        return true;
    }

    private bool EnableQueue(ulong value)
    {
        if (value != 1 || Selected is not { Enabled: false } q) return false;
        var fault = q.Enable();
        if (fault != VirtqueueFault.None) Fault?.Invoke(fault);
        return true;
    }
}
