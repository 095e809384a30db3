using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.E1000;
using Solo5Net.DevEmu.Interrupts;
using Solo5Net.DevEmu.Net;
using Solo5Net.DevEmu.Pci;
using Solo5Net.DevEmu.Server;

namespace Solo5Net.DevEmu.Virtio;

/// <summary>
/// A modern (virtio 1.x) virtio-net PCI function, 1af4:1041 (docs/virtio-net.md): BAR0 holds the
/// common, ISR, device and notify blocks its vendor capabilities describe; queue 0 receives, queue
/// 1 transmits, both split virtqueues in the client's DMA mappings. Frames come from and go to a
/// tap (the e1000 model's <see cref="IFramePort"/>). Without MSI-X, or while the driver has it
/// disabled, interrupts are INTx: the line is high while the ISR is non-zero, and reading the ISR
/// clears it. With <c>msixVectors</c> &gt; 0 the device also has MSI-X (table and PBA in BAR1): while
/// enabled, a queue's notification is a message on the vector its queue_msix_vector names and a
/// configuration change one on config_msix_vector (none while unmapped); the ISR's configuration
/// bit is still set, its queue bit is not (docs/virtio-net.md §3). A driver mistake in a queue sets
/// DEVICE_NEEDS_RESET (with a configuration interrupt) and stops the device until it is reset.
/// </summary>
public sealed class VirtioNetDevice : IPciDevice
{
    public const ushort QueueSize = 256;
    public const int ReceiveQueue = 0, TransmitQueue = 1;
    public const byte IsrQueue = 1, IsrConfig = 2;
    public const int MaxFrame = 65535;
    private const int MaxFramesPerWakeup = 64;

    private static readonly PciIdentity NetIdentity = new(VirtioPciLayout.VendorId, VirtioPciLayout.NetDeviceId,
        ClassCode: 0x02, Subclass: 0x00, ProgIf: 0, Revision: VirtioPciLayout.Revision,
        SubsystemVendorId: VirtioPciLayout.VendorId, SubsystemId: VirtioPciLayout.SubsystemId);

    private readonly IFramePort _port;
    private readonly SplitVirtqueue[] _queues;
    private readonly VirtioCommonConfig _common;
    private readonly byte[] _deviceConfig;
    private readonly DescriptorChain _chain = new();
    private readonly byte[] _frame = new byte[VirtioNetHeader.Size + MaxFrame];
    private readonly byte[] _tapBuffer = new byte[MaxFrame];
    private readonly long _needsResetAfterFrames;
    private readonly long[] _messagesPerVector;
    private byte _isr;

    /// <param name="needsResetAfterFrames">Fault injection for tests: once this many frames went
    /// out, set DEVICE_NEEDS_RESET (once); 0 never.</param>
    /// <param name="msixVectors">MSI-X table size (0: no MSI-X, INTx only).</param>
    public VirtioNetDevice(DmaSpace dma, IFramePort port, MacAddress mac, ushort mtu = 1500,
        ulong offeredFeatures = VirtioFeatures.NetDefault, long needsResetAfterFrames = 0, int msixVectors = 0)
    {
        if (msixVectors is < 0 or > VirtioPciLayout.MaxMsixVectors)
            throw new ArgumentOutOfRangeException(nameof(msixVectors), $"MSI-X vectors must be 0..{VirtioPciLayout.MaxMsixVectors}");
        _needsResetAfterFrames = needsResetAfterFrames;
        _messagesPerVector = new long[msixVectors];
        _port = port;
        Mac = mac;
        // Receive takes the next chain when a frame arrives (none: the frame is dropped), so it needs no doorbell.
        _queues = [new SplitVirtqueue(dma, QueueSize) { NeedsNoNotifications = true }, new SplitVirtqueue(dma, QueueSize)];
        _common = new VirtioCommonConfig(offeredFeatures, _queues, msixVectors);
        _common.ResetRequested += ResetDevice;
        _common.DriverReady += OnDriverReady;
        _common.Fault += NeedsReset;
        _deviceConfig = new VirtioNetConfig(mac, LinkUp: true, mtu).Encode();
        Dma = dma;
        var bars = new List<BarSpec> { new(VirtioPciLayout.Bar, VirtioPciLayout.BarSize) };
        if (msixVectors > 0) bars.Add(new BarSpec(VirtioPciLayout.MsixBar, VirtioPciLayout.MsixBarSize(msixVectors)));
        Config = new ConfigSpace(NetIdentity, bars, withMsi: false,
            VirtioPciLayout.Capabilities(_queues.Length).Select(c => c.ToPciCapability()).ToList(),
            msixVectors > 0 ? VirtioPciLayout.Msix(msixVectors) : null);
        Interrupts = new InterruptLines(Config);
        PollSources = port.Fd >= 0 ? [new PollSource(port.Fd, DrainPort)] : [];
    }

    public string Name => "virtio-net";
    public MacAddress Mac { get; }
    public ConfigSpace Config { get; }
    public InterruptLines Interrupts { get; }
    public IReadOnlyList<PollSource> PollSources { get; }
    public DmaSpace Dma { get; }
    public DeviceStatus Status => _common.Status;
    public ulong DriverFeatures => _common.DriverFeatures;
    public byte Isr => _isr;
    public VirtqueueFault LastFault { get; private set; }
    public ushort ConfigVector => _common.ConfigVector;
    public ushort QueueVector(int queue) => _common.QueueVector(queue);

    public long FramesIn { get; private set; }
    public long FramesReceived { get; private set; }
    public long ReceiveNotReady { get; private set; }
    public long ReceiveNoBuffer { get; private set; }
    public long ReceiveBufferTooSmall { get; private set; }
    public long FramesOut { get; private set; }
    public long TransmitDropped { get; private set; }
    public long Notifications { get; private set; }
    public long ReceiveNotifications { get; private set; }
    public long TransmitNotifications { get; private set; }
    public long IsrReads { get; private set; }
    public long ResetsNeeded { get; private set; }
    public long IgnoredAccesses { get; private set; }
    public long MsixMessages { get; private set; }

    /// <summary>MSI-X messages the device sent on <paramref name="vector"/>.</summary>
    public long MessagesOnVector(int vector) => _messagesPerVector[vector];
    public long UnmappedNotifications { get; private set; }

    public SplitVirtqueue Queue(int index) => _queues[index];

    public void ReadBar(int bar, ulong offset, Span<byte> data)
    {
        data.Clear();
        if (bar != VirtioPciLayout.Bar)
        {
            IgnoredAccesses++;   // BAR1's MSI-X table and PBA are the client's (docs/vfio-user.md)
            return;
        }
        if (Inside(offset, data.Length, VirtioPciLayout.CommonOffset, VirtioPciLayout.CommonLength))
            _common.Read((int)(offset - VirtioPciLayout.CommonOffset), data);
        else if (Inside(offset, data.Length, VirtioPciLayout.IsrOffset, VirtioPciLayout.IsrLength) && offset == VirtioPciLayout.IsrOffset)
            data[0] = ReadIsr();
        else if (Inside(offset, data.Length, VirtioPciLayout.DeviceOffset, VirtioPciLayout.DeviceLength))
            _deviceConfig.AsSpan((int)(offset - VirtioPciLayout.DeviceOffset), data.Length).CopyTo(data);
        else
            IgnoredAccesses++;
    }

    public void WriteBar(int bar, ulong offset, ReadOnlySpan<byte> data)
    {
        if (bar != VirtioPciLayout.Bar)
        {
            IgnoredAccesses++;
            return;
        }
        if (Inside(offset, data.Length, VirtioPciLayout.CommonOffset, VirtioPciLayout.CommonLength))
            _common.Write((int)(offset - VirtioPciLayout.CommonOffset), data);
        else if (Inside(offset, data.Length, VirtioPciLayout.NotifyOffset, (uint)_queues.Length * VirtioPciLayout.NotifyOffMultiplier))
            Notify((int)((offset - VirtioPciLayout.NotifyOffset) / VirtioPciLayout.NotifyOffMultiplier));
        else
            IgnoredAccesses++;
    }

    public void Reset()
    {
        Config.Reset();
        ResetDevice();
    }

    /// <summary>A frame arriving from the wire (the tap), e.g. injected by a test.</summary>
    public void DeliverFrame(ReadOnlySpan<byte> frame)
    {
        FramesIn++;
        if (!_common.Operational || !_queues[ReceiveQueue].Enabled)
        {
            ReceiveNotReady++;
            return;
        }
        var queue = _queues[ReceiveQueue];
        var fault = queue.TryTake(_chain, out bool taken);
        if (fault != VirtqueueFault.None) { NeedsReset(fault); return; }
        if (!taken) { ReceiveNoBuffer++; return; }
        if (_chain.HasReadable) { NeedsReset(VirtqueueFault.WrongDirection); return; }
        uint written = 0;
        if (_chain.WritableBytes < (ulong)(VirtioNetHeader.Size + frame.Length))
            ReceiveBufferTooSmall++;
        else
        {
            var data = _frame.AsSpan(0, VirtioNetHeader.Size + frame.Length);
            VirtioNetHeader.Received.Encode(data);
            frame.CopyTo(data[VirtioNetHeader.Size..]);
            if (!Scatter(data)) { NeedsReset(VirtqueueFault.OutsideDmaWindow); return; }
            written = (uint)data.Length;
            FramesReceived++;
        }
        fault = queue.Put(_chain.Head, written);
        if (fault == VirtqueueFault.None) fault = InterruptForQueue(ReceiveQueue);
        if (fault != VirtqueueFault.None) NeedsReset(fault);
    }

    public IEnumerable<(string Name, long Value)> Counters() =>
    [
        ("frames-in", FramesIn), ("frames-received", FramesReceived), ("rx-not-ready", ReceiveNotReady),
        ("rx-no-buffer", ReceiveNoBuffer), ("rx-buffer-too-small", ReceiveBufferTooSmall),
        ("frames-out", FramesOut), ("tx-dropped", TransmitDropped), ("notifications", Notifications),
        ("rx-notifications", ReceiveNotifications), ("tx-notifications", TransmitNotifications), ("isr-reads", IsrReads),
        ("needs-reset", ResetsNeeded), ("ignored-accesses", IgnoredAccesses + _common.IgnoredAccesses),
        ("msix-messages", MsixMessages), ("msix-unmapped", UnmappedNotifications), ("msix-vector-refused", _common.VectorsRefused),
    ];

    public void Dispose()
    {
        Interrupts.Dispose();
        _port.Dispose();
    }

    private static bool Inside(ulong offset, int length, uint start, uint size) =>
        offset >= start && offset - start < size && (ulong)length <= size - (offset - start);

    private void Notify(int queue)
    {
        Notifications++;
        if (queue == ReceiveQueue) ReceiveNotifications++;
        if (queue == TransmitQueue)
        {
            TransmitNotifications++;
            RunTransmit();
        }
    }

    /// <summary>Sends every frame the driver made available (at most a queue's worth per call).</summary>
    private void RunTransmit()
    {
        var queue = _queues[TransmitQueue];
        if (!_common.Operational || !queue.Enabled) return;
        var sent = false;
        for (int i = 0; i < queue.Size; i++)
        {
            var fault = queue.TryTake(_chain, out bool taken);
            if (fault != VirtqueueFault.None) { NeedsReset(fault); return; }
            if (!taken) break;
            if (_chain.HasWritable) { NeedsReset(VirtqueueFault.WrongDirection); return; }
            ulong length = _chain.ReadableBytes;
            if (length < VirtioNetHeader.Size + 14 || length > (ulong)_frame.Length)
                TransmitDropped++;
            else
            {
                var data = _frame.AsSpan(0, (int)length);
                if (!Gather(data)) { NeedsReset(VirtqueueFault.OutsideDmaWindow); return; }
                var header = VirtioNetHeader.Decode(data);
                if (header.GsoType != VirtioNetHeader.GsoNone || !_port.TrySend(data[VirtioNetHeader.Size..])) TransmitDropped++;
                else FramesOut++;
            }
            fault = queue.Put(_chain.Head, 0);
            if (fault != VirtqueueFault.None) { NeedsReset(fault); return; }
            sent = true;
            if (FramesOut == _needsResetAfterFrames && ResetsNeeded == 0) { NeedsReset(VirtqueueFault.Injected); return; }
        }
        if (sent && InterruptForQueue(TransmitQueue) is var f && f != VirtqueueFault.None) NeedsReset(f);
    }

    private bool Gather(Span<byte> data)
    {
        int done = 0;
        foreach (var buffer in _chain.Buffers)
        {
            if (buffer.Length == 0) continue;
            if (!Dma.TryRead(buffer.Address, data.Slice(done, (int)buffer.Length))) return false;
            done += (int)buffer.Length;
        }
        return true;
    }

    private bool Scatter(ReadOnlySpan<byte> data)
    {
        int done = 0;
        foreach (var buffer in _chain.Buffers)
        {
            if (done == data.Length) break;
            int chunk = (int)Math.Min(buffer.Length, (uint)(data.Length - done));
            if (chunk == 0) continue;
            if (!Dma.TryWrite(buffer.Address, data.Slice(done, chunk))) return false;
            done += chunk;
        }
        return true;
    }

    private VirtqueueFault InterruptForQueue(int index)
    {
        var fault = _queues[index].InterruptSuppressed(out bool suppressed);
        if (fault != VirtqueueFault.None || suppressed) return fault;
        if (Config.MsixEnabled) SendVector(_common.QueueVector(index));
        else Raise(IsrQueue);
        return fault;
    }

    /// <summary>One MSI-X message; an unmapped event (NO_VECTOR) sends none.</summary>
    private void SendVector(ushort vector)
    {
        if (vector == CommonConfigRegisters.NoVector)
        {
            UnmappedNotifications++;
            return;
        }
        MsixMessages++;
        _messagesPerVector[vector]++;
        Interrupts.SendMsix(vector);
    }

    private void NeedsReset(VirtqueueFault fault)
    {
        if ((_common.Status & DeviceStatus.NeedsReset) != 0) return;
        LastFault = fault;
        ResetsNeeded++;
        Log.Info($"virtio-net: {fault}: device needs reset (the driver must reset it)");
        _common.SetNeedsReset();
        if (Config.MsixEnabled)
        {
            _isr |= IsrConfig;
            SendVector(_common.ConfigVector);
        }
        else Raise(IsrConfig);
    }

    private void Raise(byte cause)
    {
        _isr |= cause;
        Interrupts.SetIntx(true);
    }

    private byte ReadIsr()
    {
        IsrReads++;
        byte value = _isr;
        _isr = 0;
        Interrupts.SetIntx(false);
        return value;
    }

    private void OnDriverReady()
    {
        Log.Info(Config.MsixEnabled
            ? $"virtio-net: driver ready, MSI-X: receive vector {Describe(_common.QueueVector(ReceiveQueue))}, " +
              $"transmit vector {Describe(_common.QueueVector(TransmitQueue))}, configuration vector {Describe(_common.ConfigVector)}"
            : "virtio-net: driver ready, INTx");
        RunTransmit();
    }

    private static string Describe(ushort vector) => vector == CommonConfigRegisters.NoVector ? "none" : vector.ToString();

    private void ResetDevice()
    {
        _common.Reset();
        _isr = 0;
        LastFault = VirtqueueFault.None;
        Interrupts.Reset();
    }

    private void DrainPort()
    {
        for (int i = 0; i < MaxFramesPerWakeup; i++)
        {
            int n = _port.TryReceive(_tapBuffer);
            if (n < 0) return;
            DeliverFrame(_tapBuffer.AsSpan(0, n));
        }
    }
}
