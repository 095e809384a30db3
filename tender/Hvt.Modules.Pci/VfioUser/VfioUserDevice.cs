using Solo5Net.Abi;
using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Dma;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Solo5Net.VfioUser;

namespace Solo5Net.Hvt.Modules.Pci.VfioUser;

/// <summary>
/// A device served by a vfio-user server process. Config space and trapped BAR accesses become
/// REGION_READ/REGION_WRITE messages; a BAR write is posted (sent without waiting for the server,
/// so a doorbell does not hold the vCPU for a round trip), a configuration write and every read
/// wait for the reply. BARs the server offers with a descriptor are mmap'd. DMA
/// memory is shared by passing its memfd in DMA_MAP. The server is its own DMA target (its own
/// IOVA space), so every DMA window is mapped into each server.
/// Calls are serialized: the vCPU thread and the cleanup path may both use the connection.
/// </summary>
public sealed class VfioUserDevice : IPciDevice, IDmaTarget
{
    private readonly VfioUserClient _client;
    /// <summary>Bound on all of a release's requests together (a signal's exit must fit in a second).</summary>
    private const int CleanupTimeoutMs = 250;
    /// <summary>Bound on each reply while the tender sets the device up, before the guest runs: a
    /// server started a moment ago may still be getting ready (on an emulated machine, for seconds).</summary>
    private const int AttachTimeoutMs = 30_000;
    /// <summary>Bound on each reply once the guest runs (its trapped accesses wait for these).</summary>
    private const int RequestTimeoutMs = 5_000;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, RegionDescription> _regions = [];
    private readonly List<(nint Address, ulong Size)> _mappings = [];
    private readonly List<(ulong Iova, ulong Size)> _dmaMaps = [];
    private readonly bool _canReset;
    private readonly List<uint> _irqIndices = [];
    private bool _disposed;

    public string Description { get; }
    public HvtPciInfoFlags SourceFlags => HvtPciInfoFlags.VfioUser;
    public ushort Segment => 0;
    public byte Bus => 0;
    public byte DevFn => 0;
    public int ConfigSize { get; }
    public IReadOnlyList<PciBarRegion> Bars { get; private set; } = [];

    private VfioUserDevice(string description, VfioUserClient client, int configSize, bool canReset)
    {
        Description = description;
        _client = client;
        ConfigSize = configSize;
        _canReset = canReset;
    }

    /// <summary>Connects, negotiates, reads the device's regions and IRQs, and resets it.</summary>
    public static VfioUserDevice Connect(string socketPath)
    {
        var description = Options.VfioUserSource.Prefix + socketPath;
        VfioUserClient client;
        try { client = VfioUserClient.Connect(socketPath, AttachTimeoutMs); }
        catch (VfioUserException e)
        {
            throw new PciException($"{description}: cannot connect: {Errno.Name(e.Errno)} (is the device server running?)");
        }
        using var setup = new SetupScope();
        setup.Own(client);
        try
        {
            client.Negotiate();
            var info = client.GetDeviceInfo();
            if ((info.Flags & DeviceFlags.Pci) == 0 || info.RegionCount <= PciRegion.Config)
                throw new PciException($"{description}: the server does not describe a PCI device");
            using var config = client.GetRegionInfo(PciRegion.Config);
            var device = setup.Own(new VfioUserDevice(description, client, (int)Math.Min(config.Info.Size, PciAbi.ConfigSpaceSize),
                (info.Flags & DeviceFlags.ResetSupported) != 0));
            device.Bars = device.ReadBars();
            device.Reset();
            setup.Commit();
            return device;
        }
        catch (Exception e) when (e is VfioUserException or VfioUserProtocolException)
        {
            throw new PciException($"{description}: {e.Message}");
        }
    }

    public void SetupComplete()
    {
        lock (_lock) _client.TimeoutMs = RequestTimeoutMs;
    }

    private IReadOnlyList<PciBarRegion> ReadBars()
    {
        var bars = new List<PciBarRegion>();
        Span<byte> register = stackalloc byte[4];
        for (var i = 0; i < HvtPciInfo.BarCount; i++)
        {
            var region = _client.GetRegionInfo((uint)i);
            if (region.Info.Size == 0) { region.Dispose(); continue; }
            _regions[i] = region;
            _client.RegionRead(PciRegion.Config, (ulong)(0x10 + 4 * i), register);
            var value = BitConverter.ToUInt32(register);
            var isIo = (value & 1) != 0;
            IReadOnlyList<(ulong, ulong)> mappable = isIo || !region.Mappable ? []
                : region.Info.SparseAreas is { } sparse ? sparse.Select(a => (a.Offset, a.Size)).ToList()
                : [(0UL, region.Info.Size)];
            bars.Add(new PciBarRegion(i, region.Info.Size, isIo, !isIo && (value & 6) == 4, !isIo && (value & 8) != 0, mappable));
        }
        return bars;
    }

    private T Call<T>(Func<T> call)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try { return call(); }
            catch (Exception e) when (e is VfioUserException or VfioUserProtocolException) { throw Translate(e); }
        }
    }

    private void Call(Action call) => Call(() => { call(); return 0; });

    /// <summary>An error reply is the device refusing; anything else means the server is gone.</summary>
    private Exception Translate(Exception e) => e is VfioUserException { Errno: var errno } && !IsConnectionFailure(errno)
        ? new PciAccessRefusedException($"{Description}: {e.Message}")
        : new PciException($"{Description}: {e.Message}");

    /// <summary>Errnos the client uses for a broken exchange rather than a server's answer.</summary>
    private static bool IsConnectionFailure(int errno) =>
        errno is Errno.ECONNRESET or Errno.ETIMEDOUT or Errno.EPIPE or Errno.ENOTCONN or 71 /* EPROTO */;

    // Region and config accesses are the per-exit hot path: no delegates, no copies.
    public void ReadConfig(uint offset, Span<byte> data) => ReadRegion(PciRegion.Config, offset, data);

    /// <summary>Waits for the server: the tender acts on configuration writes (interrupt routing)
    /// and the guest learns of a refusal (docs/abi.md §5).</summary>
    public void WriteConfig(uint offset, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try { _client.RegionWrite(PciRegion.Config, offset, data); }
            catch (Exception e) when (e is VfioUserException or VfioUserProtocolException) { throw Translate(e); }
        }
    }

    public void ReadRegion(int bar, ulong offset, Span<byte> data) => ReadRegion((uint)bar, offset, data);

    /// <summary>Posted (<see cref="VfioUserClient.RegionWritePosted"/>): the vCPU does not wait for the
    /// device process. A server that is gone or stops reading still ends the run (a
    /// <see cref="PciException"/>); a write the server refuses is dropped without a word to the tender,
    /// as a device ignores a posted write it cannot take (hvt-devemu logs it).</summary>
    public void WriteRegion(int bar, ulong offset, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try { _client.RegionWritePosted((uint)bar, offset, data); }
            catch (Exception e) when (e is VfioUserException or VfioUserProtocolException) { throw Translate(e); }
        }
    }

    private void ReadRegion(uint region, ulong offset, Span<byte> data)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try { _client.RegionRead(region, offset, data); }
            catch (Exception e) when (e is VfioUserException or VfioUserProtocolException) { throw Translate(e); }
        }
    }

    public nint MapBar(int bar, ulong offset, ulong size)
    {
        var region = _regions[bar];
        var address = Libc.Mmap(0, size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, region.MmapFd?.Number ?? -1, (long)(region.Info.Offset + offset));
        _mappings.Add((address, size));
        return address;
    }

    public uint InterruptVectors(InterruptIndex index) => Call(() => _client.GetIrqInfo((uint)index)).Count;

    /// <summary>One DEVICE_SET_IRQS per 16 vectors: a message carries at most that many descriptors.</summary>
    public void EnableInterrupts(InterruptIndex index, ReadOnlySpan<int> eventfds)
    {
        var fds = eventfds.ToArray();
        for (var start = 0; start < fds.Length; start += UnixSocket.MaxFdsPerMessage)
        {
            var first = start;
            var chunk = fds.AsSpan(first, Math.Min(UnixSocket.MaxFdsPerMessage, fds.Length - first)).ToArray();
            Call(() => _client.SetIrqEventfds((uint)index, (uint)first, chunk));
        }
        if (!_irqIndices.Contains((uint)index)) _irqIndices.Add((uint)index);
    }

    public void DisableInterrupts(InterruptIndex index)
    {
        Call(() => _client.SetIrqEventfds((uint)index, 0, []));
        _irqIndices.Remove((uint)index);
    }

    /// <summary>A vfio-user device signals its INTx eventfd on each rising edge: nothing to re-arm.</summary>
    public void UnmaskIntx() { }

    public void Reset()
    {
        if (_canReset) Call(_client.Reset);
    }

    public void MapDma(DmaMemory memory, ulong iova)
    {
        Call(() => _client.DmaMap(memory.Fd, 0, iova, memory.Size, DmaProtection.Read | DmaProtection.Write));
        _dmaMaps.Add((iova, memory.Size));
    }

    public void UnmapDma(ulong iova, ulong size)
    {
        if (!_dmaMaps.Remove((iova, size))) return;
        Call(() => _client.DmaUnmap(iova, size));
    }

    /// <summary>From any thread, without the device lock: a request in progress on another thread and
    /// every later one fail at once (the tender is exiting; see <see cref="VfioUserClient.Abort"/>).</summary>
    public void Abort() => _client.Abort();

    /// <summary>Interrupts off, DMA unmapped, device reset, mappings and descriptors released,
    /// connection closed. Each step is attempted; once the server proves gone or unresponsive the
    /// remaining requests are skipped, and all of them together wait at most
    /// <see cref="CleanupTimeoutMs"/> (sending included), so exit never hangs.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            long deadline = Environment.TickCount64 + CleanupTimeoutMs;
            var reachable = true;
            void Remote(Action request)
            {
                int left = (int)Math.Max(0, deadline - Environment.TickCount64);
                if (left == 0) reachable = false;
                if (!reachable) return;
                _client.TimeoutMs = left;
                try { request(); }
                catch (VfioUserException e) when (!IsConnectionFailure(e.Errno)) { }
                catch (Exception e) when (e is VfioUserException or VfioUserProtocolException or IOException) { reachable = false; }
            }
            foreach (var irq in _irqIndices)
                Remote(() => _client.SetIrqs(new SetIrqsRequest(IrqSetFlags.DataNone | IrqSetFlags.ActionTrigger, irq, 0, 0)));
            foreach (var (iova, size) in Enumerable.Reverse(_dmaMaps)) Remote(() => _client.DmaUnmap(iova, size));
            _dmaMaps.Clear();
            if (_canReset) Remote(_client.Reset);
            foreach (var (address, size) in _mappings) Try(() => Libc.Munmap(address, size));
            _mappings.Clear();
            foreach (var region in _regions.Values) region.Dispose();
            _regions.Clear();
            _client.Dispose();
            _disposed = true;
        }
    }

    private static void Try(Action release)
    {
        try { release(); }
        catch (SystemCallException) { }
    }
}
