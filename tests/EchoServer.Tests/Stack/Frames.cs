using System.Buffers.Binary;
using Solo5Net.EchoServer.Net;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>Test-side frame building and checking, written independently of the stack's own codecs
/// (BinaryPrimitives and a plain checksum) so the two check each other.</summary>
public static class Frames
{
    public static readonly MacAddress StackMac = new(0x02_00_00_00_00_02UL);
    public static readonly MacAddress PeerMac = new(0x02_00_00_00_00_01UL);
    public const uint StackIp = 0x0A000002; // 10.0.0.2
    public const uint PeerIp = 0x0A000001;  // 10.0.0.1

    public static ushort Checksum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        ulong sum = initial;
        for (var i = 0; i < data.Length; i += 2)
            sum += (uint)(data[i] << 8 | (i + 1 < data.Length ? data[i + 1] : 0));
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    public static uint PseudoHeaderSum(uint src, uint dst, byte protocol, int length) =>
        (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + protocol + (uint)length;

    public static byte[] Ethernet(MacAddress dst, MacAddress src, ushort type, ReadOnlySpan<byte> payload)
    {
        var f = new byte[14 + payload.Length];
        dst.Write(f, 0);
        src.Write(f, 6);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), type);
        payload.CopyTo(f.AsSpan(14));
        return f;
    }

    public static byte[] Ipv4(uint src, uint dst, byte protocol, ReadOnlySpan<byte> payload, ushort fragment = 0x4000)
    {
        var p = new byte[20 + payload.Length];
        p[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)p.Length);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), 0x1234);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(6), fragment);
        p[8] = 64;
        p[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(12), src);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(16), dst);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), Checksum(p.AsSpan(0, 20)));
        payload.CopyTo(p.AsSpan(20));
        return p;
    }

    public static byte[] IpFrame(byte protocol, ReadOnlySpan<byte> payload) =>
        Ethernet(StackMac, PeerMac, 0x0800, Ipv4(PeerIp, StackIp, protocol, payload));

    public static byte[] Udp(ushort srcPort, ushort dstPort, ReadOnlySpan<byte> data, uint src = PeerIp, uint dst = StackIp)
    {
        var u = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(u, srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(2), dstPort);
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(4), (ushort)u.Length);
        data.CopyTo(u.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(6), Checksum(u, PseudoHeaderSum(src, dst, 17, u.Length)));
        return u;
    }

    public static byte[] Tcp(ushort srcPort, ushort dstPort, uint seq, uint ack, byte flags, ushort window,
        ReadOnlySpan<byte> data = default, uint src = PeerIp, uint dst = StackIp)
    {
        var t = new byte[20 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(t, srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(2), dstPort);
        BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(8), ack);
        t[12] = 5 << 4;
        t[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(14), window);
        data.CopyTo(t.AsSpan(20));
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(16), Checksum(t, PseudoHeaderSum(src, dst, 6, t.Length)));
        return t;
    }

    /// <summary>A frame the stack sent, taken apart and checked: Ethernet to the peer, a valid IPv4
    /// header from the stack, and a valid transport checksum.</summary>
    public static SentPacket ParseSent(byte[] frame, byte expectedProtocol)
    {
        MacAddress.Read(frame, 0).Value.Should().Be(PeerMac.Value, "frames go to the peer's MAC");
        MacAddress.Read(frame, 6).Value.Should().Be(StackMac.Value);
        BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)).Should().Be(0x0800);
        var ip = frame.AsSpan(14);
        ip[0].Should().Be(0x45);
        Checksum(ip[..20]).Should().Be(0, "the IPv4 header checksum must verify");
        int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        ip[9].Should().Be(expectedProtocol);
        BinaryPrimitives.ReadUInt32BigEndian(ip[12..]).Should().Be(StackIp);
        BinaryPrimitives.ReadUInt32BigEndian(ip[16..]).Should().Be(PeerIp);
        var body = ip.Slice(20, total - 20).ToArray();
        if (expectedProtocol != 1)
            Checksum(body, PseudoHeaderSum(StackIp, PeerIp, expectedProtocol, body.Length)).Should().Be(0);
        else
            Checksum(body).Should().Be(0);
        return new SentPacket(body);
    }
}

public sealed record SentPacket(byte[] Body)
{
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Body);
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Body.AsSpan(2));
    public uint Sequence => BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(4));
    public uint Acknowledgment => BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(8));
    public byte TcpFlags => Body[13];
    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(Body.AsSpan(14));
    public byte[] TcpPayload => Body.AsSpan((Body[12] >> 4) * 4).ToArray();
    public byte[] UdpPayload => Body.AsSpan(8).ToArray();
}
