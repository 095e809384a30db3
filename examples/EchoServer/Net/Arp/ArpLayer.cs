using System;
using System.Runtime.CompilerServices;
using Solo5Net.EchoServer.Net.Ethernet;

namespace Solo5Net.EchoServer.Net.Arp;

/// <summary>ARP for IPv4 over Ethernet (RFC 826): answers requests for the local address, learns
/// senders, and resolves next hops for the IP layer.</summary>
public sealed class ArpLayer : EtherTypeHandler
{
    private const int PacketLength = 28;
    private const ushort RequestOp = 1;
    private const ushort ReplyOp = 2;
    private const ulong RequestIntervalNanoseconds = 250_000_000UL;

    private readonly EthernetLayer _ethernet;
    private readonly MonotonicClock _clock;
    private readonly ArpCache _cache = new(16);
    private ArpListener? _listener;
    private uint _lastRequestIp;
    private ulong _lastRequestTime;
    private bool _anyRequestSent;

    public ArpLayer(EthernetLayer ethernet, MonotonicClock clock)
    {
        _ethernet = ethernet;
        _clock = clock;
        ethernet.Register(EtherType.Arp, this);
    }

    /// <summary>The IPv4 address this host answers for (host byte order).</summary>
    public uint LocalAddress { get; set; }

    public void SetListener(ArpListener listener) => _listener = listener;

    public override void Receive(Span<byte> frame)
    {
        ReadOnlySpan<byte> p = frame.Slice(EthernetLayer.HeaderLength);
        if (p.Length < PacketLength) return;
        if (BigEndian.ReadUInt16(p, 0) != 1 || BigEndian.ReadUInt16(p, 2) != EtherType.Ipv4 || p[4] != 6 || p[5] != 4)
            return;
        var op = BigEndian.ReadUInt16(p, 6);
        var senderMac = MacAddress.Read(p, 8);
        var senderIp = BigEndian.ReadUInt32(p, 14);
        var targetIp = BigEndian.ReadUInt32(p, 24);
        if (senderIp == 0 || senderMac.IsMulticast) return;

        var now = _clock.NowNanoseconds;
        var forUs = LocalAddress != 0 && targetIp == LocalAddress;
        if (_cache.Contains(senderIp) || forUs)
        {
            _cache.Set(senderIp, senderMac, now);
            _listener?.Resolved(senderIp, senderMac);
        }
        if (forUs && op == RequestOp) Send(ReplyOp, senderMac, senderMac, senderIp);
    }

    /// <summary>For <see cref="TryLookup"/>: no received frame is being answered.</summary>
    public const ulong NoConfirmingFrame = ulong.MaxValue; // no 48-bit address equals it

    /// <summary>The cached MAC for <paramref name="ip"/>, without sending anything. For a reply to a
    /// frame from <paramref name="ip"/>'s host, <paramref name="confirmingSourceInMemory"/> is that
    /// frame's source address (<see cref="MacAddress.InMemory"/>): where it confirms the cached entry
    /// (<see cref="ArpCache.TryGetConfirmed"/>), no clock is read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryLookup(uint ip, ulong confirmingSourceInMemory, out MacAddress mac) =>
        // The first test is a constant where the caller passes NoConfirmingFrame: that path keeps no check.
        (confirmingSourceInMemory != NoConfirmingFrame && _cache.TryGetConfirmed(ip, confirmingSourceInMemory, out mac))
        || _cache.TryGet(ip, _clock.NowNanoseconds, out mac);

    /// <summary>Broadcasts a request for <paramref name="ip"/>, at most one per quarter second for
    /// the same address; the answer reaches the listener.</summary>
    public void Request(uint ip)
    {
        var now = _clock.NowNanoseconds;
        if (_anyRequestSent && ip == _lastRequestIp && now - _lastRequestTime < RequestIntervalNanoseconds) return;
        _anyRequestSent = true;
        _lastRequestIp = ip;
        _lastRequestTime = now;
        Send(RequestOp, MacAddress.Broadcast, new MacAddress(0), ip);
    }

    private void Send(ushort op, MacAddress frameDestination, MacAddress targetMac, uint targetIp)
    {
        var p = _ethernet.TxPayload;
        BigEndian.WriteUInt16(p, 0, 1);
        BigEndian.WriteUInt16(p, 2, EtherType.Ipv4);
        p[4] = 6;
        p[5] = 4;
        BigEndian.WriteUInt16(p, 6, op);
        _ethernet.Address.Write(p, 8);
        BigEndian.WriteUInt32(p, 14, LocalAddress);
        targetMac.Write(p, 18);
        BigEndian.WriteUInt32(p, 24, targetIp);
        _ethernet.Send(frameDestination, EtherType.Arp, PacketLength);
    }
}
