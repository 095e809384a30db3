using FsCheck;
using FsCheck.Fluent;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Tcp;

namespace Solo5Net.Tests.EchoServer.Stack;

public class ChecksumAndCodecTests
{
    [Fact]
    public void Ipv4_header_checksum_matches_the_textbook_example()
    {
        // 20-byte header 10.0.0.1 → 10.0.0.199 style example with its well-known checksum 0xB861.
        byte[] header = [0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
            0xC0, 0xA8, 0x00, 0x01, 0xC0, 0xA8, 0x00, 0xC7];
        InternetChecksum.Compute(header).Should().Be(0xB861);
        header[10] = 0xB8;
        header[11] = 0x61;
        InternetChecksum.Compute(header).Should().Be(0, "a header with its checksum filled in sums to zero");
    }

    [Fact]
    public void Checksum_matches_a_plain_reference_for_any_bytes_and_partial_sum()
    {
        Prop.ForAll<byte[], uint>((data, partial) =>
        {
            data ??= [];
            var big = new byte[data.Length * 37 + 3];
            for (var i = 0; i < big.Length; i++) big[i] = (byte)(data.Length == 0 ? i : data[i % data.Length] + i / data.Length);
            return InternetChecksum.Compute(data, partial) == Frames.Checksum(data, partial)
                && InternetChecksum.Compute(big) == Frames.Checksum(big);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Checksum_matches_the_reference_at_every_length_and_start_offset()
    {
        var bytes = Enumerable.Range(0, 200).Select(i => (byte)(i * 151 + 7)).ToArray();
        for (var offset = 0; offset < 8; offset++)
        for (var length = 0; offset + length <= bytes.Length; length++)
        {
            var data = bytes.AsSpan(offset, length);
            InternetChecksum.Compute(data).Should().Be(Frames.Checksum(data), $"offset {offset}, length {length}");
            InternetChecksum.Compute(data, 0x1_FFFE).Should().Be(Frames.Checksum(data, 0x1_FFFE), $"offset {offset}, length {length}, with a partial sum");
        }
    }

    [Fact]
    public void Checksum_folds_every_carry_of_all_ones_data_and_keeps_zero_apart_from_minus_zero()
    {
        foreach (var length in new[] { 1, 2, 3, 4, 5, 7, 8, 31, 32, 33, 63, 64, 65, 1499, 1500, 9001, 65535 })
        {
            var ones = Enumerable.Repeat((byte)0xFF, length).ToArray();
            InternetChecksum.Compute(ones).Should().Be(Frames.Checksum(ones), $"length {length} of 0xFF");
            InternetChecksum.Compute(ones, 0xFFFF_FFFF).Should().Be(Frames.Checksum(ones, 0xFFFF_FFFF), $"length {length} of 0xFF with a partial sum");
            var zeros = new byte[length];
            InternetChecksum.Compute(zeros).Should().Be(0xFFFF, "all-zero data sums to zero, not to 0xFFFF");
        }
        InternetChecksum.Compute([]).Should().Be(0xFFFF);
    }

    /// <summary>Sum takes at most 65,535 64-bit words at a time (the carries of the wrapping 64-bit sum
    /// are recovered per such run): lengths around one and two of those runs, all ones (a carry at
    /// every add) and mixed bytes.</summary>
    [Fact]
    public void Checksum_matches_the_reference_across_its_runs_of_words()
    {
        const int run = 65535 * 8;
        foreach (var length in new[] { run - 8, run - 1, run, run + 1, run + 7, run + 8, run + 64, 2 * run, 2 * run + 13 })
        {
            var ones = Enumerable.Repeat((byte)0xFF, length).ToArray();
            InternetChecksum.Compute(ones).Should().Be(Frames.Checksum(ones), $"length {length} of 0xFF");
            var mixed = Enumerable.Range(0, length).Select(i => (byte)(i % 7 == 0 ? 0x01 : 0xFE + i % 2)).ToArray();
            InternetChecksum.Compute(mixed).Should().Be(Frames.Checksum(mixed), $"length {length} mixed");
        }
    }

    [Fact]
    public void A_block_holds_its_checksum_exactly_where_the_checksum_computes_to_zero()
    {
        var echo = Enumerable.Range(0, 64).Select(i => (byte)(i * 37 + 11)).ToArray();
        echo[0] = 8;
        echo[2] = echo[3] = 0;
        var checksum = InternetChecksum.Compute(echo);
        echo[2] = (byte)(checksum >> 8);
        echo[3] = (byte)checksum;
        InternetChecksum.Holds(echo).Should().BeTrue("the checksum is filled in");
        for (var bit = 0; bit < echo.Length * 8; bit++)
        {
            echo[bit / 8] ^= (byte)(1 << (bit % 8));
            InternetChecksum.Holds(echo).Should().Be(InternetChecksum.Compute(echo) == 0, $"bit {bit} flipped");
            echo[bit / 8] ^= (byte)(1 << (bit % 8));
        }
        InternetChecksum.Holds(new byte[64]).Should().BeFalse("all-zero data sums to zero, and its checksum is 0xFFFF");
        InternetChecksum.Holds(Enumerable.Repeat((byte)0xFF, 64).ToArray()).Should().BeTrue();
        InternetChecksum.Holds([]).Should().BeFalse();
    }

    [Fact]
    public void Tcp_header_with_mss_option_has_the_exact_bytes()
    {
        var h = new TcpHeader
        {
            SourcePort = 7, DestinationPort = 0xC350, Sequence = 0x01020304, Acknowledgment = 0x0A0B0C0D,
            Flags = TcpFlags.Syn | TcpFlags.Ack, Window = 0x4000, MaxSegmentSize = 1460,
        };
        var bytes = new byte[24];
        h.Write(bytes).Should().Be(24);
        bytes.Should().Equal(0x00, 0x07, 0xC3, 0x50, 0x01, 0x02, 0x03, 0x04, 0x0A, 0x0B, 0x0C, 0x0D,
            0x60, 0x12, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xB4);
        TcpHeader.TryRead(bytes, out var back).Should().BeTrue();
        back.Should().BeEquivalentTo(h with { DataOffset = 24 });
    }

    [Fact]
    public void Tcp_header_reader_rejects_a_data_offset_beyond_the_segment_and_skips_unknown_options()
    {
        var bytes = new byte[20];
        bytes[12] = 6 << 4;
        TcpHeader.TryRead(bytes, out _).Should().BeFalse();
        byte[] withOptions = [.. new byte[12], 9 << 4, 0x02, 0, 0, 0, 0, 0, 0,
            1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 0x02, 0x18];
        TcpHeader.TryRead(withOptions, out var h).Should().BeTrue();
        h.MaxSegmentSize.Should().Be(536);
    }

    [Fact]
    public void Tcp_header_reader_gives_the_checksum_sum_of_the_whole_header_options_included()
    {
        var random = new Random(18);
        foreach (var optionWords in new[] { 0, 1, 3, 10 })
        {
            for (var k = 0; k < 50; k++)
            {
                var bytes = new byte[20 + 4 * optionWords + 7];
                random.NextBytes(bytes);
                bytes[12] = (byte)((5 + optionWords) << 4 | (bytes[12] & 0x0F));
                TcpHeader.TryRead(bytes, out _, out var wordSum).Should().BeTrue();
                InternetChecksum.Complement(wordSum).Should().Be(
                    InternetChecksum.Complement(InternetChecksum.Sum(bytes.AsSpan(0, 20 + 4 * optionWords))));
            }
        }
    }

    [Fact]
    public void Byte_ring_preserves_order_across_wraparound()
    {
        var ring = new ByteRing(10);
        ring.Write([1, 2, 3, 4, 5, 6, 7]).Should().Be(7);
        var out4 = new byte[4];
        ring.Read(out4).Should().Be(4);
        ring.Write([8, 9, 10, 11, 12, 13, 14]).Should().Be(7);
        ring.Write([99]).Should().Be(0, "the ring is full");
        var peek = new byte[3];
        ring.Peek(2, peek);
        peek.Should().Equal(7, 8, 9);
        var all = new byte[20];
        ring.Read(all).Should().Be(10);
        all[..10].Should().Equal(5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    }
}

public class ByteCopyAndRingTests
{
    [Fact]
    public void Copy_is_exact_at_every_offset_and_length()
    {
        var source = Enumerable.Range(0, 64).Select(i => (byte)(i * 13 + 1)).ToArray();
        for (var from = 0; from < 9; from++)
        for (var to = 0; to < 9; to++)
        for (var n = 0; n + Math.Max(from, to) <= 40; n += 3)
        {
            var destination = new byte[64];
            Solo5Net.Drivers.Net.ByteCopy.Copy(source.AsSpan(from, n), destination.AsSpan(to));
            destination.AsSpan(to, n).ToArray().Should().Equal(source.AsSpan(from, n).ToArray());
            destination.Take(to).Concat(destination.Skip(to + n)).Should().OnlyContain(b => b == 0);
        }
    }

    [Fact]
    public void Ring_to_ring_move_takes_what_fits_across_wraparound()
    {
        var a = new Solo5Net.EchoServer.Net.Tcp.ByteRing(8);
        var b = new Solo5Net.EchoServer.Net.Tcp.ByteRing(5);
        a.Write([1, 2, 3, 4, 5, 6]);
        a.Read(new byte[4]);
        a.Write([7, 8, 9, 10, 11]);
        b.Write([0]);
        a.MoveTo(b).Should().Be(4);
        var all = new byte[5];
        b.Read(all).Should().Be(5);
        all.Should().Equal(0, 5, 6, 7, 8);
        a.Count.Should().Be(3);
    }
}
