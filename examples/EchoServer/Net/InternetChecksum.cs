using System;
using System.Runtime.CompilerServices;

namespace Solo5Net.EchoServer.Net;

/// <summary>The ones'-complement sum of RFC 1071. A pseudo-header goes in as a partial sum
/// (<see cref="PseudoHeader"/>), the bytes are summed in one piece. Static functions over plain
/// integers: no struct to zero, which the guest compiler would do with SSE.</summary>
public static class InternetChecksum
{
    /// <summary>The checksum field value for <paramref name="data"/> (plus a partial sum); a block
    /// that already carries a valid checksum gives 0.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data, ulong partialSum = 0)
    {
        var sum = partialSum + Sum(data);
        while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>The partial sum of the TCP/UDP pseudo-header.</summary>
    public static ulong PseudoHeader(uint source, uint destination, byte protocol, int length) =>
        (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + protocol + (uint)length;

    /// <summary>Sums 8 bytes per step (guest code runs about 1 µs per instruction). The words are
    /// loaded in the machine's little-endian order; the ones'-complement sum is byte-order
    /// independent (RFC 1071 §2(B)), so the folded result only needs its two bytes swapped.</summary>
    private static ulong Sum(ReadOnlySpan<byte> data)
    {
        ulong swapped = 0;
        var i = 0;
        if (data.Length >= 8)
        {
            ref byte start = ref Unsafe.AsRef(in data[0]);
            for (; i + 8 <= data.Length; i += 8)
            {
                var w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
                swapped += (w & 0xFFFF_FFFF) + (w >> 32);
            }
        }
        while ((swapped >> 16) != 0) swapped = (swapped & 0xFFFF) + (swapped >> 16);
        ulong sum = ((swapped & 0xFF) << 8) | (swapped >> 8);
        for (; i + 1 < data.Length; i += 2) sum += (uint)((data[i] << 8) | data[i + 1]);
        if (i < data.Length) sum += (uint)(data[i] << 8);
        return sum;
    }
}
