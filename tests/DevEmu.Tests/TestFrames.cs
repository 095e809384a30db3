using System.Buffers.Binary;

namespace Solo5Net.Tests.DevEmu;

/// <summary>Builds Ethernet/IPv4/UDP frames with a correct IPv4 header checksum (UDP checksum 0).</summary>
public static class TestFrames
{
    public static byte[] Udp(byte[] dst, byte[] src, byte[] payload, byte[]? srcIp = null, byte[]? dstIp = null,
        ushort srcPort = 40000, ushort dstPort = 9)
    {
        srcIp ??= [10, 11, 0, 2];
        dstIp ??= [10, 11, 0, 1];
        var frame = new byte[14 + 20 + 8 + payload.Length];
        dst.CopyTo(frame, 0);
        src.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload.Length));
        ip[8] = 64;
        ip[9] = 17;
        srcIp.CopyTo(ip[12..]);
        dstIp.CopyTo(ip[16..]);
        uint sum = 0;
        for (int i = 0; i < 20; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], (ushort)~sum);
        var udp = frame.AsSpan(34, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], dstPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        payload.CopyTo(frame, 42);
        return frame;
    }
}
