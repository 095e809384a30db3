using System;
using System.Runtime.InteropServices;

namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>The fixed TCP header plus the one option this stack uses (MSS, kind 2), read from and
/// written to a segment's bytes. The fixed part is read and written as 32-bit words after one bounds
/// check (guest code runs about 1 µs per instruction).</summary>
public struct TcpHeader
{
    public const int Length = 20;
    public const int LengthWithMss = 24;

    public ushort SourcePort;
    public ushort DestinationPort;
    public uint Sequence;
    public uint Acknowledgment;
    public int DataOffset;
    public byte Flags;
    public ushort Window;
    /// <summary>The peer's MSS option, 0 if absent.</summary>
    public ushort MaxSegmentSize;

    public readonly bool Has(byte flag) => (Flags & flag) != 0;

    /// <summary>False if the bytes cannot hold the header its data offset claims.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, out TcpHeader h) => TryRead(s, out h, out _);

    /// <summary>As <see cref="TryRead(ReadOnlySpan{byte}, out TcpHeader)"/>, and gives the header's part
    /// of the checksum (<see cref="DataOffset"/> bytes, options included) as
    /// <paramref name="wordSum"/>: the sum of its big-endian 32-bit words, as <see cref="Write"/> does,
    /// from the words read anyway, so the header is not summed in a second pass.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, out TcpHeader h, out ulong wordSum)
    {
        wordSum = 0;
        // Field by field: `default` of this struct would be zeroed with SSE in the guest.
        h.SourcePort = 0;
        h.DestinationPort = 0;
        h.Sequence = 0;
        h.Acknowledgment = 0;
        h.Flags = 0;
        h.Window = 0;
        h.MaxSegmentSize = 0;
        h.DataOffset = 0;
        if (s.Length < Length) return false;
        ref byte p = ref MemoryMarshal.GetReference(s);
        var offsetFlagsWindow = BigEndian.ReadUInt32Unchecked(ref p, 12);
        h.DataOffset = (int)(offsetFlagsWindow >> 28) * 4;
        if (h.DataOffset < Length || h.DataOffset > s.Length) return false;
        var ports = BigEndian.ReadUInt32Unchecked(ref p, 0);
        h.SourcePort = (ushort)(ports >> 16);
        h.DestinationPort = (ushort)ports;
        h.Sequence = BigEndian.ReadUInt32Unchecked(ref p, 4);
        h.Acknowledgment = BigEndian.ReadUInt32Unchecked(ref p, 8);
        h.Flags = (byte)((offsetFlagsWindow >> 16) & 0x3F);
        h.Window = (ushort)offsetFlagsWindow;
        wordSum = (ulong)ports + h.Sequence + h.Acknowledgment + offsetFlagsWindow + BigEndian.ReadUInt32Unchecked(ref p, 16);
        if (h.DataOffset > Length)
        {
            var options = s.Slice(Length, h.DataOffset - Length);
            ReadOptions(options, ref h);
            wordSum += InternetChecksum.Sum(options);
        }
        return true;
    }

    /// <summary>Writes the header (checksum 0) and returns its length: 24 with an MSS option, else 20.</summary>
    public readonly int Write(Span<byte> s) =>
        Write(s, SourcePort, DestinationPort, Sequence, Acknowledgment, Flags, Window, MaxSegmentSize, out _);

    /// <summary>Writes a header with these fields (checksum 0; an MSS option unless
    /// <paramref name="maxSegmentSize"/> is 0) as 32-bit words, and returns its length; the words' sum,
    /// <paramref name="wordSum"/>, is the header's part of the checksum (2^16 ≡ 1 modulo 0xFFFF), so
    /// the header is not read back to be summed.</summary>
    public static int Write(Span<byte> s, ushort sourcePort, ushort destinationPort, uint sequence, uint acknowledgment,
        byte flags, ushort window, ushort maxSegmentSize, out ulong wordSum)
    {
        var length = maxSegmentSize != 0 ? LengthWithMss : Length;
        var ports = ((uint)sourcePort << 16) | destinationPort;
        var offsetFlagsWindow = ((uint)(length / 4) << 28) | ((uint)flags << 16) | window;
        ref byte p = ref MemoryMarshal.GetReference(s.Slice(0, length));
        BigEndian.WriteUInt32Unchecked(ref p, 0, ports);
        BigEndian.WriteUInt32Unchecked(ref p, 4, sequence);
        BigEndian.WriteUInt32Unchecked(ref p, 8, acknowledgment);
        BigEndian.WriteUInt32Unchecked(ref p, 12, offsetFlagsWindow);
        BigEndian.WriteUInt32Unchecked(ref p, 16, 0); // checksum and urgent pointer
        wordSum = (ulong)ports + sequence + acknowledgment + offsetFlagsWindow;
        if (maxSegmentSize != 0)
        {
            var option = (2u << 24) | (4u << 16) | maxSegmentSize; // kind 2, length 4
            BigEndian.WriteUInt32Unchecked(ref p, 20, option);
            wordSum += option;
        }
        return length;
    }

    private static void ReadOptions(ReadOnlySpan<byte> o, ref TcpHeader h)
    {
        var i = 0;
        while (i < o.Length)
        {
            var kind = o[i];
            if (kind == 0) return;
            if (kind == 1)
            {
                i++;
                continue;
            }
            if (i + 1 >= o.Length) return;
            int length = o[i + 1];
            if (length < 2 || i + length > o.Length) return;
            if (kind == 2 && length == 4) h.MaxSegmentSize = BigEndian.ReadUInt16(o, i + 2);
            i += length;
        }
    }
}
