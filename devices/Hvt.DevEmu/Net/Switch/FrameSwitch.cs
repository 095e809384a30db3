using Solo5Net.DevEmu.E1000;

namespace Solo5Net.DevEmu.Net.Switch;

/// <summary>
/// A learning Ethernet switch between the device instances of one hvt-devemu, each on its own
/// <see cref="SwitchPort"/> while a client is attached, and an uplink (the tap). A unicast frame goes
/// to the port its destination was learned or pinned on; broadcast, multicast and unknown unicast
/// are flooded to every other attached port and the uplink. The switch copies bytes only: a frame
/// is read from its sender's DMA memory by the sender's device and written into the receiver's by
/// the receiver's, so no client's mappings are ever used for another's frames. Every queue is
/// bounded (<see cref="SourceQueues"/>); what does not fit is dropped and counted. Thread-safe: the
/// device instances run on their clients' threads, the uplink on its pump's.
/// </summary>
public sealed class FrameSwitch
{
    public const int DefaultFramesPerSource = 64;
    public const int MacTableCapacity = 1024;
    private const int MinimumFrame = 14;

    private readonly object _lock = new();
    private readonly IFramePort _uplink;
    private readonly SwitchPort?[] _attached;
    private readonly MacTable _macs = new(MacTableCapacity);
    private readonly int _framesPerSource;

    public FrameSwitch(IFramePort uplink, int ports, int framesPerSource = DefaultFramesPerSource)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ports, 1);
        _uplink = uplink;
        _attached = new SwitchPort?[ports];
        _framesPerSource = framesPerSource;
    }

    /// <summary>Ports for device instances, numbered 0 to Ports − 1.</summary>
    public int Ports => _attached.Length;

    /// <summary>The uplink's number as a frame source (after the instance ports).</summary>
    public int UplinkPort => _attached.Length;

    public long Unicast { get; private set; }
    public long Flooded { get; private set; }
    public long ToUplink { get; private set; }
    public long UplinkDropped { get; private set; }
    public long Discarded { get; private set; }

    /// <summary>Attaches a device instance to port <paramref name="port"/>, with its own address
    /// <paramref name="mac"/> pinned there. Disposing the returned port detaches it again.</summary>
    public SwitchPort Attach(int port, MacAddress? mac)
    {
        lock (_lock)
        {
            if (_attached[port] != null) throw new InvalidOperationException($"switch port {port} is already attached");
            var attached = new SwitchPort(this, port, new SourceQueues(_attached.Length + 1, _framesPerSource));
            _attached[port] = attached;
            if (mac != null) _macs.Pin(MacTable.Key(mac.Bytes), port);
            return attached;
        }
    }

    /// <summary>Passes a frame that arrived on the uplink.</summary>
    public void FromUplink(ReadOnlySpan<byte> frame) => Forward(UplinkPort, frame);

    /// <summary>Reads up to <paramref name="maxFrames"/> waiting frames from the uplink and passes
    /// them on; returns how many there were.</summary>
    public int PumpUplink(Span<byte> buffer, int maxFrames)
    {
        int frames = 0;
        for (; frames < maxFrames; frames++)
        {
            int n = _uplink.TryReceive(buffer);
            if (n < 0) break;
            FromUplink(buffer[..n]);
        }
        return frames;
    }

    internal void Forward(int source, ReadOnlySpan<byte> frame)
    {
        lock (_lock)
        {
            if (frame.Length < MinimumFrame)
            {
                Discarded++;
                return;
            }
            var sourceMac = frame[6..12];
            if ((sourceMac[0] & 1) == 0) _macs.Learn(MacTable.Key(sourceMac), source);
            var destination = frame[..6];
            if ((destination[0] & 1) == 0 && _macs.TryFind(MacTable.Key(destination), out int port))
            {
                if (port == source) Discarded++;
                else
                {
                    Unicast++;
                    Deliver(port, source, frame);
                }
                return;
            }
            Flooded++;
            for (int p = 0; p <= UplinkPort; p++)
                if (p != source) Deliver(p, source, frame);
        }
    }

    internal int Take(SwitchPort port, Span<byte> into) { lock (_lock) return port.Dequeue(into); }

    internal void Detach(SwitchPort port)
    {
        lock (_lock)
        {
            if (_attached[port.Number] != port) return;
            _attached[port.Number] = null;
            _macs.Forget(port.Number);
            port.Close();
        }
    }

    public IEnumerable<(string Name, long Value)> Counters()
    {
        lock (_lock)
            return [("switch-unicast", Unicast), ("switch-flooded", Flooded), ("switch-to-uplink", ToUplink),
                ("switch-uplink-dropped", UplinkDropped), ("switch-discarded", Discarded)];
    }

    private void Deliver(int port, int source, ReadOnlySpan<byte> frame)
    {
        if (port == UplinkPort)
        {
            if (_uplink.TrySend(frame)) ToUplink++;
            else UplinkDropped++;
            return;
        }
        _attached[port]?.Enqueue(source, frame);
    }
}
