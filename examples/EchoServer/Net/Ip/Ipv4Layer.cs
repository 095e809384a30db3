using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Solo5Net.Drivers.Net;
using Solo5Net.EchoServer.Net.Arp;
using Solo5Net.EchoServer.Net.Ethernet;

namespace Solo5Net.EchoServer.Net.Ip;

/// <summary>IPv4 over Ethernet: checks and delivers received packets to ICMP/UDP/TCP, and sends
/// packets to on-link hosts or the gateway. Fragments are dropped, never reassembled. A packet
/// whose next hop is not yet resolved waits in a one-packet slot until ARP answers.</summary>
public sealed class Ipv4Layer : EtherTypeHandler
{
    public const int HeaderLength = 20;
    private const byte DefaultTtl = 64;
    private const ushort DontFragment = 0x4000;
    private const ushort MoreFragments = 0x2000;
    private const ushort FragmentOffsetMask = 0x1FFF;

    private readonly EthernetLayer _ethernet;
    private readonly ArpLayer _arp;
    // Fields, not an array of the base class: storing a derived object there failed the guest
    // runtime's array-store check (ArrayTypeMismatchException).
    private IpProtocolHandler? _icmp, _udp, _tcp;
    private readonly byte[] _pending;
    private int _pendingLength;
    private uint _pendingNextHop;
    private ushort _nextId = 1;
    private readonly Ipv4Config _config;
    // The configuration's derived values, computed once rather than per packet.
    private readonly uint _address, _netmask, _subnet, _subnetBroadcast, _gateway;

    public Ipv4Layer(EthernetLayer ethernet, ArpLayer arp, Ipv4Config config)
    {
        _ethernet = ethernet;
        _arp = arp;
        _config = config;
        _address = config.Address;
        _netmask = config.Netmask;
        _subnet = config.Address & _netmask;
        _subnetBroadcast = config.SubnetBroadcast;
        _gateway = config.Gateway;
        _pending = new byte[ethernet.Mtu];
        arp.LocalAddress = config.Address;
        arp.SetListener(new PendingPacketSender(this));
        ethernet.Register(EtherType.Ipv4, this);
    }

    public Ipv4Config Config => _config;

    public uint Address => _address;

    /// <summary>Largest payload of one packet (link MTU minus the IPv4 header).</summary>
    public int MaxPayload => _ethernet.Mtu - HeaderLength;

    public ulong PacketsDropped { get; private set; }

    public ulong FragmentsDropped { get; private set; }

    public void Register(byte protocol, IpProtocolHandler handler)
    {
        if (protocol == IpProtocol.Icmp) _icmp = handler;
        else if (protocol == IpProtocol.Udp) _udp = handler;
        else if (protocol == IpProtocol.Tcp) _tcp = handler;
    }

    public override void Receive(Span<byte> frame)
    {
        ReadOnlySpan<byte> packet = frame.Slice(EthernetLayer.HeaderLength);
        if (packet.Length < HeaderLength)
        {
            PacketsDropped++;
            return;
        }
        // The fixed 20 bytes are there: their fields are read without a bounds check each.
        ref byte h = ref MemoryMarshal.GetReference(packet);
        var versionLength = BigEndian.ReadUInt32Unchecked(ref h, 0);
        var headerLength = (int)(versionLength >> 24 & 0xF) * 4;
        var totalLength = (int)(versionLength & 0xFFFF);
        if ((versionLength >> 28) != 4 || headerLength < HeaderLength || totalLength < headerLength || totalLength > packet.Length
            || !HeaderChecksumHolds(packet.Slice(0, headerLength)))
        {
            PacketsDropped++;
            return;
        }
        if ((BigEndian.ReadUInt32Unchecked(ref h, 4) & (MoreFragments | FragmentOffsetMask)) != 0)
        {
            FragmentsDropped++;
            return;
        }
        var destination = BigEndian.ReadUInt32Unchecked(ref h, 16);
        if (destination != _address && destination != 0xFFFF_FFFFu && destination != _subnetBroadcast)
        {
            PacketsDropped++;
            return;
        }
        var protocol = Unsafe.Add(ref h, 9);
        var handler = protocol == IpProtocol.Tcp ? _tcp : protocol == IpProtocol.Udp ? _udp : protocol == IpProtocol.Icmp ? _icmp : null;
        if (handler == null)
        {
            PacketsDropped++;
            return;
        }
        handler.ReceiveInFrame(BigEndian.ReadUInt32Unchecked(ref h, 12), destination, frame,
            EthernetLayer.HeaderLength + headerLength, totalLength - headerLength);
    }

    /// <summary>Whether a received header (with its checksum field) sums to zero. A header without
    /// options is summed as five 32-bit words in memory order: the ones'-complement sum does not
    /// depend on byte order, and only "sums to 0xFFFF" is asked (RFC 1071 §2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HeaderChecksumHolds(ReadOnlySpan<byte> header)
    {
        if (header.Length != HeaderLength) return InternetChecksum.Compute(header) == 0;
        ref byte h = ref MemoryMarshal.GetReference(header);
        var sum = (ulong)Unsafe.ReadUnaligned<uint>(ref h) + Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref h, 4))
            + Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref h, 8)) + Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref h, 12))
            + Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref h, 16));
        return FoldFiveWords(sum) == 0xFFFF;
    }

    /// <summary>A sum of five 32-bit words (below 2^35) folded to 16 bits with end-around carries:
    /// two fixed steps, no loop (the header's checksum is this, complemented). Each step takes the
    /// high half of x + rotate(x, half): the two halves' ones'-complement sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint FoldFiveWords(ulong sum)
    {
        sum += (sum >> 32) | (sum << 32);
        var half = (uint)(sum >> 32);
        half += (half >> 16) | (half << 16);
        return half >> 16;
    }

    /// <summary>Where the next outgoing payload is written before <see cref="Send"/>.</summary>
    public Span<byte> TxPayload => _ethernet.TxPayload.Slice(HeaderLength);

    /// <summary>Sends the first <paramref name="payloadLength"/> bytes of <see cref="TxPayload"/> to
    /// <paramref name="destination"/>. False if the packet could not go out now (next hop unresolved:
    /// it waits for ARP, replacing any earlier waiting packet; or the device queue is full).</summary>
    public bool Send(uint destination, byte protocol, int payloadLength)
    {
        if (payloadLength < 0 || payloadLength > MaxPayload) return false;
        var p = _ethernet.TxPayload;
        var totalLength = HeaderLength + payloadLength;
        WriteHeader(ref MemoryMarshal.GetReference(p.Slice(0, totalLength)), destination, protocol, totalLength);
        var nextHop = NextHop(destination);
        if (TryResolve(destination, nextHop, ArpLayer.NoConfirmingFrame, out var mac)) return _ethernet.Send(mac, EtherType.Ipv4, totalLength);

        // The ARP request reuses the transmit buffer: park the packet first.
        ByteCopy.Copy(p.Slice(0, totalLength), _pending);
        _pendingLength = totalLength;
        _pendingNextHop = nextHop;
        _arp.Request(nextHop);
        return false;
    }

    /// <summary>Answers the packet received in <paramref name="frame"/> (as delivered to
    /// <see cref="IpProtocolHandler.ReceiveInFrame"/>) with <paramref name="payloadLength"/> bytes at
    /// <paramref name="payloadOffset"/>, which the caller has already turned into its reply: sent to
    /// the packet's source from the frame itself, under a fresh header, the same bytes <see cref="Send"/>
    /// would send. Where the frame cannot be reused (the request carried IP options, or the next hop
    /// is not resolved) the reply goes through <see cref="TxPayload"/> and <see cref="Send"/>. Same
    /// result as <see cref="Send"/>. Inlined into the handlers' replies.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool SendBack(Span<byte> frame, int payloadOffset, int payloadLength, byte protocol)
    {
        if (payloadLength < 0 || payloadLength > MaxPayload || payloadOffset < IpProtocolHandler.PlainPayloadOffset
            || frame.Length - payloadOffset < payloadLength) return false;
        // The checks above leave both headers in the frame: its fields are read and written unchecked.
        ref byte packet = ref Unsafe.Add(ref MemoryMarshal.GetReference(frame), EthernetLayer.HeaderLength);
        var destination = BigEndian.ReadUInt32Unchecked(ref packet, 12);
        if (payloadOffset == IpProtocolHandler.PlainPayloadOffset
            && TryResolve(destination, NextHop(destination), EthernetLayer.SourceInMemory(ref MemoryMarshal.GetReference(frame)), out var mac))
        {
            var totalLength = HeaderLength + payloadLength;
            WriteHeader(ref packet, destination, protocol, totalLength);
            return _ethernet.SendInPlace(frame, mac, totalLength);
        }
        ByteCopy.Copy(frame.Slice(payloadOffset, payloadLength), TxPayload);
        return Send(destination, protocol, payloadLength);
    }

    /// <summary>The header as five 32-bit words, its checksum from their sum: no pass over its bytes.
    /// Unchecked: <paramref name="h"/> starts at least <see cref="HeaderLength"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteHeader(ref byte h, uint destination, byte protocol, int totalLength)
    {
        var versionLength = (0x45u << 24) | (uint)totalLength;
        var identification = ((uint)_nextId++ << 16) | DontFragment;
        var ttlProtocol = ((uint)DefaultTtl << 24) | ((uint)protocol << 16);
        BigEndian.WriteUInt32Unchecked(ref h, 0, versionLength);
        BigEndian.WriteUInt32Unchecked(ref h, 4, identification);
        BigEndian.WriteUInt32Unchecked(ref h, 12, _address);
        BigEndian.WriteUInt32Unchecked(ref h, 16, destination);
        var checksum = ~FoldFiveWords((ulong)versionLength + identification + ttlProtocol + _address + destination) & 0xFFFF;
        BigEndian.WriteUInt32Unchecked(ref h, 8, ttlProtocol | checksum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint NextHop(uint destination) =>
        destination == 0xFFFF_FFFFu || (destination & _netmask) == _subnet || _gateway == 0 ? destination : _gateway;

    /// <summary>The link address for <paramref name="destination"/>: broadcast for a broadcast
    /// address, else the next hop's from the ARP cache (confirmed by the source address of the frame
    /// being answered, if any: <see cref="ArpLayer.TryLookup"/>); false if that is not cached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryResolve(uint destination, uint nextHop, ulong confirmingSourceInMemory, out MacAddress mac)
    {
        if (destination == 0xFFFF_FFFFu || destination == _subnetBroadcast)
        {
            mac = MacAddress.Broadcast;
            return true;
        }
        return _arp.TryLookup(nextHop, confirmingSourceInMemory, out mac);
    }

    private void SendPending(uint ip, MacAddress mac)
    {
        if (_pendingLength == 0 || ip != _pendingNextHop) return;
        ByteCopy.Copy(_pending.AsSpan(0, _pendingLength), _ethernet.TxPayload);
        var length = _pendingLength;
        _pendingLength = 0;
        _ethernet.Send(mac, EtherType.Ipv4, length);
    }

    private sealed class PendingPacketSender(Ipv4Layer ip) : ArpListener
    {
        public override void Resolved(uint address, MacAddress mac) => ip.SendPending(address, mac);
    }

}
