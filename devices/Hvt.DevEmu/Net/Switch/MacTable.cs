namespace Solo5Net.DevEmu.Net.Switch;

/// <summary>
/// Which port each unicast address was last seen on. Learned entries follow a station that moves;
/// an address assigned to a port (a device instance's own MAC) is pinned there, so another port
/// sending with it as its source cannot draw that port's frames away. When full, new addresses are
/// not learned (their frames are flooded). Not thread-safe: <see cref="FrameSwitch"/> holds its lock.
/// </summary>
public sealed class MacTable(int capacity)
{
    private readonly record struct Entry(int Port, bool Pinned);

    private readonly Dictionary<ulong, Entry> _entries = [];

    public int Count => _entries.Count;

    /// <summary>Pins <paramref name="mac"/> to <paramref name="port"/> (replacing any learned entry).</summary>
    public void Pin(ulong mac, int port) => _entries[mac] = new Entry(port, Pinned: true);

    /// <summary>Notes that <paramref name="mac"/> sent from <paramref name="port"/>.</summary>
    public void Learn(ulong mac, int port)
    {
        if (_entries.TryGetValue(mac, out var entry))
        {
            if (!entry.Pinned) _entries[mac] = new Entry(port, Pinned: false);
            return;
        }
        if (_entries.Count < capacity) _entries[mac] = new Entry(port, Pinned: false);
    }

    public bool TryFind(ulong mac, out int port)
    {
        bool found = _entries.TryGetValue(mac, out var entry);
        port = entry.Port;
        return found;
    }

    /// <summary>Forgets every address of <paramref name="port"/>, pinned or learned.</summary>
    public void Forget(int port)
    {
        foreach (var mac in _entries.Where(e => e.Value.Port == port).Select(e => e.Key).ToList()) _entries.Remove(mac);
    }

    /// <summary>The six bytes of an address as one number.</summary>
    public static ulong Key(ReadOnlySpan<byte> mac) =>
        (ulong)mac[0] << 40 | (ulong)mac[1] << 32 | (ulong)mac[2] << 24 | (ulong)mac[3] << 16 | (ulong)mac[4] << 8 | mac[5];
}
