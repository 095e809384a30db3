using System;
using System.Runtime.CompilerServices;

namespace Solo5Net.EchoServer.Net;

/// <summary>The ones'-complement sum of RFC 1071. A pseudo-header goes in as a partial sum
/// (<see cref="PseudoHeader"/>); runs of bytes summed apart combine (<see cref="Concatenate"/>). Static functions over plain
/// integers: no struct to zero, which the guest compiler would do with SSE.</summary>
public static class InternetChecksum
{
    /// <summary>The checksum field value for <paramref name="data"/> (plus a partial sum); a block
    /// that already carries a valid checksum gives 0.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data, ulong partialSum = 0) => Complement(partialSum + Sum(data));

    /// <summary>Whether a block that carries its own checksum is intact: its sum is 0xFFFF, so
    /// <see cref="Compute"/> would give 0, without the complement's fold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Holds(ReadOnlySpan<byte> data) => Sum(data) == 0xFFFF;

    /// <summary>The checksum field value for data whose big-endian 16-bit words add up to
    /// <paramref name="sum"/> modulo 0xFFFF (0 only if every word is 0): e.g. the sum of a header's
    /// big-endian 32-bit words, as 2^16 ≡ 1 modulo 0xFFFF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Complement(ulong sum)
    {
        while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>The partial sum of the TCP/UDP pseudo-header.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PseudoHeader(uint source, uint destination, byte protocol, int length) =>
        (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + protocol + (uint)length;

    /// <summary>Where two runs of bytes, summed apart with <see cref="Sum"/>, lie one after the other:
    /// the sum of the whole. The second run's bytes move to the other half of their 16-bit words when
    /// the first run's length is odd, which swaps the two bytes of its sum (RFC 1071 §2(B)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Concatenate(ushort first, int firstLength, ushort second)
    {
        ulong s = (firstLength & 1) == 0 ? second : (ushort)((second << 8) | (second >> 8));
        s += first;
        return (ushort)((s & 0xFFFF) + (s >> 16));
    }

    /// <summary>The ones'-complement sum of the bytes as big-endian 16-bit words (a trailing odd byte
    /// padded with zero), folded to 16 bits; 0 only for all-zero bytes. A partial sum for
    /// <see cref="Complement"/> and <see cref="Concatenate"/>.
    /// The ones'-complement sum is byte-order independent (RFC 1071 §2(B)), so the data is summed as
    /// little-endian words, and the folded sum only needs its two bytes swapped; a trailing odd byte is
    /// the high byte of a zero-padded big-endian word, so the low byte of the little-endian one.
    /// Sums 64-bit words with one add each (the load folded into it), which loses their carries, and
    /// recovers those from the words' top 16 bits summed apart (<see cref="SumWords"/>): three
    /// instructions per 8 bytes, where 32-bit words into a 64-bit sum took four (guest code runs about
    /// 1 µs per instruction, and the compiler has no add-with-carry).</summary>
    public static ushort Sum(ReadOnlySpan<byte> data)
    {
        var n = data.Length;
        if (n == 0) return 0;
        ref byte p = ref Unsafe.AsRef(in data[0]);
        ulong sum = 0;
        var i = 0;
        while (n - i >= 8)
        {
            var words = (n - i) >> 3;
            if (words > MaxWords) words = MaxWords;
            sum += SumWords(ref Unsafe.Add(ref p, i), words);
            i += words << 3;
        }
        if (i + 4 <= n)
        {
            sum += Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, i));
            i += 4;
        }
        if (i + 2 <= n)
        {
            sum += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref p, i));
            i += 2;
        }
        if (i < n) sum += Unsafe.Add(ref p, i);
        // Folded with end-around carries by rotation: the high half of x + rotate(x, half) is the
        // two halves' ones'-complement sum (a carry out of the low half lands in the high one).
        sum += (sum >> 32) | (sum << 32);
        var half = (uint)(sum >> 32);
        half += (half >> 16) | (half << 16);
        var folded = half >> 16;
        return (ushort)(((folded & 0xFF) << 8) | (folded >> 8));
    }

    /// <summary>Most words <see cref="SumWords"/> takes at once: fewer than 2^16, so that the carries
    /// it recovers stay below 2^16.</summary>
    private const int MaxWords = 0xFFFF;

    /// <summary>A value congruent modulo 0xFFFF to the sum S of the <paramref name="words"/>
    /// (1..<see cref="MaxWords"/>) little-endian 64-bit words at <paramref name="start"/>, below 2^49,
    /// and 0 only if S is. Each word goes into a wrapping 64-bit sum A = S mod 2^64, and its top 16 bits
    /// into T (exact). S = (T + r)·2^48 + (A mod 2^48), where r, the carry out of the words' low 48
    /// bits, is below the number of words, so below 2^16; and A's top 16 bits are (T + r) mod 2^16, so
    /// r = ((A >> 48) − T) mod 2^16. As 2^48 ≡ 1 modulo 0xFFFF, S ≡ T + r + (A mod 2^48).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SumWords(ref byte start, int words)
    {
        ulong wrapped = 0, tops = 0;
        ref byte b = ref start;
        for (; words >= 8; words -= 8)
        {
            wrapped += Unsafe.ReadUnaligned<ulong>(ref b);
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 6));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 8));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 14));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 16));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 22));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 24));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 30));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 32));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 38));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 40));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 46));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 48));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 54));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 56));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 62));
            b = ref Unsafe.Add(ref b, 64);
        }
        if ((words & 4) != 0)
        {
            wrapped += Unsafe.ReadUnaligned<ulong>(ref b);
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 6));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 8));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 14));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 16));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 22));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 24));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 30));
            b = ref Unsafe.Add(ref b, 32);
        }
        if ((words & 2) != 0)
        {
            wrapped += Unsafe.ReadUnaligned<ulong>(ref b);
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 6));
            wrapped += Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, 8));
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 14));
            b = ref Unsafe.Add(ref b, 16);
        }
        if ((words & 1) != 0)
        {
            wrapped += Unsafe.ReadUnaligned<ulong>(ref b);
            tops += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, 6));
        }
        var carries = ((wrapped >> 48) - tops) & 0xFFFF;
        return tops + carries + (wrapped & 0xFFFF_FFFF_FFFF);
    }
}
