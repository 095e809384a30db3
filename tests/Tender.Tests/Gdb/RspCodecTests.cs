using System.Text;
using FluentAssertions;
using Solo5Net.Hvt.Modules.Gdb.Protocol;

namespace Solo5Net.Tests.Tender.Gdb;

/// <summary>The packet layer of the gdb remote protocol (docs/gdb.md §2): framing, checksums, escapes, and what broken input becomes.</summary>
public class RspCodecTests
{
    private static List<RspInput> Decode(string stream)
    {
        var output = new List<RspInput>();
        new RspDecoder().Push(Encoding.Latin1.GetBytes(stream), output);
        return output;
    }

    [Theory]
    [InlineData("OK", "$OK#9a")]
    [InlineData("", "$#00")]
    [InlineData("S05", "$S05#b8")]
    [InlineData("T05thread:01;", "$T05thread:01;#07")]
    public void Replies_are_framed_with_the_sum_of_their_bytes(string payload, string frame)
    {
        Encoding.Latin1.GetString(RspEncoder.Frame(payload)).Should().Be(frame);
    }

    [Fact]
    public void Reserved_bytes_in_a_reply_are_escaped_and_the_checksum_covers_the_escape()
    {
        // '}' then the byte XOR 0x20: '#' 0x23 -> "}\x03", '$' -> "}\x04", '}' -> "}]", '*' -> "}\n".
        var frame = Encoding.Latin1.GetString(RspEncoder.Frame("a#$}*"));
        frame.Should().Be("$a}\u0003}\u0004}]}\n#" + Checksum("a}\u0003}\u0004}]}\n"));
    }

    [Fact]
    public void A_reply_decodes_back_to_its_payload()
    {
        const string payload = "m#$}*x";
        var input = Decode(Encoding.Latin1.GetString(RspEncoder.Frame(payload))).Should().ContainSingle().Subject;
        input.Kind.Should().Be(RspInputKind.Packet);
        input.Text.Should().Be(payload);
    }

    [Fact]
    public void Golden_packets_from_gdb_decode()
    {
        var inputs = Decode("+$qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+#c9$g#67+-\u0003");
        inputs.Select(i => i.Kind).Should().Equal(RspInputKind.Ack, RspInputKind.Packet, RspInputKind.Packet,
            RspInputKind.Ack, RspInputKind.Nack, RspInputKind.Interrupt);
        inputs[1].Text.Should().Be("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+");
        inputs[2].Text.Should().Be("g");
    }

    [Theory]
    [InlineData("$g#68")]          // wrong checksum
    [InlineData("$g#6")]           // cut short, then the next packet begins
    [InlineData("$g#zz")]          // not hex
    public void A_packet_with_a_bad_checksum_is_corrupt(string stream)
    {
        var inputs = Decode(stream + "$g#67");
        inputs[0].Kind.Should().Be(RspInputKind.Corrupt);
        inputs[^1].Kind.Should().Be(RspInputKind.Packet);
    }

    [Fact]
    public void A_packet_begun_again_before_its_end_is_corrupt_and_the_new_one_counts()
    {
        Decode("$m100$g#67").Select(i => i.Kind).Should().Equal(RspInputKind.Corrupt, RspInputKind.Packet);
    }

    [Fact]
    public void An_oversized_packet_is_corrupt_and_the_stream_goes_on()
    {
        var big = new string('a', RspDecoder.MaxPayload + 1);
        var inputs = Decode($"${big}#{Checksum(big)}$g#67");
        inputs.Select(i => i.Kind).Should().Equal(RspInputKind.Corrupt, RspInputKind.Packet);
    }

    [Fact]
    public void Noise_between_packets_is_ignored()
    {
        Decode("xyz\n$?#3f ").Should().ContainSingle().Which.Text.Should().Be("?");
    }

    [Fact]
    public void Input_split_anywhere_decodes_the_same()
    {
        var frame = Encoding.Latin1.GetBytes("$M100,2:}]cc#" + Checksum("M100,2:}]cc"));
        for (int cut = 0; cut <= frame.Length; cut++)
        {
            var decoder = new RspDecoder();
            var output = new List<RspInput>();
            decoder.Push(frame.AsSpan(0, cut), output);
            decoder.Push(frame.AsSpan(cut), output);
            output.Should().ContainSingle().Which.Text.Should().Be("M100,2:}cc", $"cut at {cut}");
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(19);
        var decoder = new RspDecoder();
        var output = new List<RspInput>();
        var bytes = new byte[4096];
        for (int round = 0; round < 200; round++)
        {
            random.NextBytes(bytes);
            decoder.Push(bytes, output);
        }
        output.Should().OnlyContain(i => i.Kind != RspInputKind.Packet || i.Payload.Length <= RspDecoder.MaxPayload);
    }

    private static string Checksum(string payload)
    {
        byte sum = 0;
        foreach (char c in payload) sum += (byte)c;
        return sum.ToString("x2");
    }
}
