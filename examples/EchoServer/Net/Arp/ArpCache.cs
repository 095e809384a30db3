using System.Runtime.CompilerServices;

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
    // The entry found last, copied out of the arrays: replies mostly go where the last one went,
    // and this answers them without a scan or an array bounds check. Kept equal to its slot by Set.
    private bool _lastValid;
    private uint _lastIp;
    private ulong _lastMac, _lastUpdated;
    private ulong _lastMacInMemory; // _lastMac's octets as they lie in a frame, first octet lowest

    public ArpCache(int capacity)
    {
        _ip = new uint[capacity];
        _mac = new ulong[capacity];
        _updated = new ulong[capacity];
        _used = new bool[capacity];
    }

    /// <summary>The address cached for <paramref name="ip"/> if its entry is younger than the lifetime
    /// at <paramref name="now"/>. The entry found last answers inline; any other goes through a scan.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(uint ip, ulong now, out MacAddress mac)
    {
        if (_lastValid && ip == _lastIp && now - _lastUpdated < LifetimeNanoseconds)
        {
            mac = new MacAddress(_lastMac);
            return true;
        }
        return TryGetByScan(ip, now, out mac);
    }

    /// <summary>The address cached for <paramref name="ip"/>, without the clock: when the entry found
    /// last is <paramref name="ip"/>'s and holds <paramref name="linkSourceInMemory"/>, the source address
    /// (as it lies in memory, first octet lowest) of a frame from that host being answered now. Such a
    /// frame confirms the entry whatever its age (RFC 1122, 2.3.2.1); otherwise false, and the caller
    /// looks the address up by <see cref="TryGet"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetConfirmed(uint ip, ulong linkSourceInMemory, out MacAddress mac)
    {
        if (_lastValid && ip == _lastIp && linkSourceInMemory == _lastMacInMemory)
        {
            mac = new MacAddress(_lastMac);
            return true;
        }
        mac = new MacAddress(0);
        return false;
    }

    private bool TryGetByScan(uint ip, ulong now, out MacAddress mac)
    {
        var i = IndexOf(ip);
        if (i < 0)
        {
            mac = new MacAddress(0);
            return false;
        }
        _lastValid = true;
        _lastIp = ip;
        _lastMac = _mac[i];
        _lastMacInMemory = new MacAddress(_lastMac).InMemory;
        _lastUpdated = _updated[i];
        if (now - _lastUpdated < LifetimeNanoseconds)
        {
            mac = new MacAddress(_lastMac);
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
        // The slot may have held the last found address (replaced) or hold it now (refreshed).
        _lastValid = false;
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
