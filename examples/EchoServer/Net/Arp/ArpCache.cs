namespace Solo5Net.EchoServer.Net.Arp;

/// <summary>A small fixed-size IPv4 → MAC table. When full, the least recently updated entry is
/// replaced; entries older than the lifetime are ignored.</summary>
public sealed class ArpCache
{
    public const ulong LifetimeNanoseconds = 300_000_000_000UL;

    private readonly uint[] _ip;
    private readonly ulong[] _mac;
    private readonly ulong[] _updated;
    private readonly bool[] _used;
    private int _lastFound;

    public ArpCache(int capacity)
    {
        _ip = new uint[capacity];
        _mac = new ulong[capacity];
        _updated = new ulong[capacity];
        _used = new bool[capacity];
    }

    public bool TryGet(uint ip, ulong now, out MacAddress mac)
    {
        // Replies mostly go where the last one went: that slot is tried before the scan.
        var i = _lastFound;
        if (!_used[i] || _ip[i] != ip)
        {
            i = IndexOf(ip);
            if (i >= 0) _lastFound = i;
        }
        if (i >= 0 && now - _updated[i] < LifetimeNanoseconds)
        {
            mac = new MacAddress(_mac[i]);
            return true;
        }
        mac = new MacAddress(0);
        return false;
    }

    public bool Contains(uint ip) => IndexOf(ip) >= 0;

    public void Set(uint ip, MacAddress mac, ulong now)
    {
        var slot = IndexOf(ip);
        if (slot < 0) slot = FreeOrOldest();
        _ip[slot] = ip;
        _mac[slot] = mac.Value;
        _updated[slot] = now;
        _used[slot] = true;
    }

    private int IndexOf(uint ip)
    {
        for (var i = 0; i < _ip.Length; i++)
            if (_used[i] && _ip[i] == ip) return i;
        return -1;
    }

    private int FreeOrOldest()
    {
        var oldest = 0;
        for (var i = 0; i < _ip.Length; i++)
        {
            if (!_used[i]) return i;
            if (_updated[i] < _updated[oldest]) oldest = i;
        }
        return oldest;
    }
}
