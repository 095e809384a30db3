using System;
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
    private Ipv4Config _config;

    public Ipv4Layer(EthernetLayer ethernet, ArpLayer arp, Ipv4Config config)
    {
        _ethernet = ethernet;
        _arp = arp;
        _config = config;
        _pending = new byte[ethernet.Mtu];
        arp.LocalAddress = config.Address;
        arp.SetListener(new PendingPacketSender(this));
        ethernet.Register(EtherType.Ipv4, this);
    }

    public Ipv4Config Config => _config;

    public uint Address => _config.Address;

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

    public override void Receive(ReadOnlySpan<byte> packet, MacAddress source)
    {
        if (packet.Length < HeaderLength || (packet[0] >> 4) != 4)
        {
            PacketsDropped++;
            return;
        }
        var headerLength = (packet[0] & 0xF) * 4;
        int totalLength = BigEndian.ReadUInt16(packet, 2);
        if (headerLength < HeaderLength || totalLength < headerLength || totalLength > packet.Length
            || InternetChecksum.Compute(packet.Slice(0, headerLength)) != 0)
        {
            PacketsDropped++;
            return;
        }
        var fragment = BigEndian.ReadUInt16(packet, 6);
        if ((fragment & (MoreFragments | FragmentOffsetMask)) != 0)
        {
            FragmentsDropped++;
            return;
        }
        var destination = BigEndian.ReadUInt32(packet, 16);
        if (destination != _config.Address && destination != 0xFFFF_FFFFu && destination != _config.SubnetBroadcast)
        {
            PacketsDropped++;
            return;
        }
        var protocol = packet[9];
        var handler = protocol == IpProtocol.Tcp ? _tcp : protocol == IpProtocol.Udp ? _udp : protocol == IpProtocol.Icmp ? _icmp : null;
        if (handler == null)
        {
            PacketsDropped++;
            return;
        }
        handler.Receive(BigEndian.ReadUInt32(packet, 12), destination,
            packet.Slice(headerLength, totalLength - headerLength));
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
        // The header as five 32-bit words, its checksum from their sum: no pass over its bytes.
        var versionLength = (0x45u << 24) | (uint)totalLength;
        var identification = ((uint)_nextId++ << 16) | DontFragment;
        var ttlProtocol = ((uint)DefaultTtl << 24) | ((uint)protocol << 16);
        var header = p.Slice(0, HeaderLength);
        BigEndian.WriteUInt32(header, 0, versionLength);
        BigEndian.WriteUInt32(header, 4, identification);
        BigEndian.WriteUInt32(header, 12, _config.Address);
        BigEndian.WriteUInt32(header, 16, destination);
        var checksum = InternetChecksum.Complement((ulong)versionLength + identification + ttlProtocol + _config.Address + destination);
        BigEndian.WriteUInt32(header, 8, ttlProtocol | checksum);

        var nextHop = destination == 0xFFFF_FFFFu || _config.OnLink(destination) || _config.Gateway == 0
            ? destination
            : _config.Gateway;
        if (destination == 0xFFFF_FFFFu || destination == _config.SubnetBroadcast)
            return _ethernet.Send(MacAddress.Broadcast, EtherType.Ipv4, totalLength);

        if (_arp.TryLookup(nextHop, out var mac)) return _ethernet.Send(mac, EtherType.Ipv4, totalLength);

        // The ARP request reuses the transmit buffer: park the packet first.
        ByteCopy.Copy(p.Slice(0, totalLength), _pending);
        _pendingLength = totalLength;
        _pendingNextHop = nextHop;
        _arp.Request(nextHop);
        return false;
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
