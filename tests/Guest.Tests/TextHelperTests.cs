using System.Text;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Runtime.Text;
using Xunit;

namespace Solo5Net.Tests.Guest;

/// <summary>Guest.Runtime's allocation-free UTF-8 encoder and number formatting, checked against the BCL.</summary>
public sealed class TextHelperTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Utf8_matches_the_bcl_for_any_string()
    {
        Check.One(Quick, Prop.ForAll<string>(s =>
        {
            s ??= "";
            var buffer = new byte[s.Length * 3 + 4];
            int n = Utf8.Encode(s, buffer, out int read);
            read.Should().Be(s.Length);
            // Unpaired surrogates become U+FFFD, as Encoding.UTF8 does.
            buffer.AsSpan(0, n).ToArray().Should().Equal(Encoding.UTF8.GetBytes(s));
        }));
    }

    [Fact]
    public void Utf8_of_mostly_ascii_text_into_any_buffer_is_the_longest_whole_character_prefix()
    {
        // The encoder copies ASCII four chars at a time: runs of every length and alignment, broken by
        // non-ASCII chars, into buffers that end anywhere.
        var chars = Gen.Frequency((8, Gen.Choose(0x20, 0x7E)), (1, Gen.Elements(0x80, 0xE9, 0x20AC, 0xFF80, 0x7F, 0)))
            .Select(c => (char)c);
        var cases = Gen.ArrayOf(chars).Select(a => new string(a))
            .SelectMany(text => Gen.Choose(0, text.Length * 3 + 4).Select(size => (text, size)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var buffer = new byte[c.size];
            int n = Utf8.Encode(c.text, buffer, out int read);
            buffer.AsSpan(0, n).ToArray().Should().Equal(Encoding.UTF8.GetBytes(c.text[..read]));
            if (read < c.text.Length)
                (n + Encoding.UTF8.GetByteCount(c.text.Substring(read, 1))).Should().BeGreaterThan(c.size, "only a char that does not fit stops it");
        }));
    }

    [Fact]
    public void Utf8_never_splits_a_character_when_the_buffer_is_short()
    {
        var text = "aé€😀b";   // 1, 2, 3, 4 and 1 bytes
        var buffer = new byte[6];
        int n = Utf8.Encode(text, buffer, out int read);
        n.Should().Be(6);
        read.Should().Be(3);
        Encoding.UTF8.GetString(buffer, 0, n).Should().Be("aé€");
    }

    [Fact]
    public void Utf8_decoding_round_trips_any_string()
    {
        Check.One(Quick, Prop.ForAll<string>(s =>
        {
            s ??= "";
            var bytes = Encoding.UTF8.GetBytes(s);
            var chars = new char[bytes.Length];
            new string(chars, 0, Utf8.Decode(bytes, chars)).Should().Be(Encoding.UTF8.GetString(bytes));
        }));
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0xFF, 0x42 }, "A\uFFFDB")]            // invalid lead byte
    [InlineData(new byte[] { 0xC0, 0x80 }, "\uFFFD\uFFFD")]              // overlong NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "\uFFFD\uFFFD\uFFFD")] // encoded surrogate
    [InlineData(new byte[] { 0xE2, 0x82 }, "\uFFFD\uFFFD")]              // truncated sequence
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, "\U0001F600")]     // 4-byte sequence → surrogate pair
    public void Utf8_decoding_replaces_each_malformed_byte(byte[] bytes, string expected)
    {
        var chars = new char[bytes.Length];
        new string(chars, 0, Utf8.Decode(bytes, chars)).Should().Be(System.Text.RegularExpressions.Regex.Unescape(expected));
    }

    [Fact]
    public void Decimal_and_hex_formatting_match_ToString()
    {
        Check.One(Quick, Prop.ForAll<long>(v =>
        {
            Span<char> buffer = stackalloc char[21];
            new string(buffer[..Number.FormatDecimal(v, buffer)]).Should().Be(v.ToString());
            new string(buffer[..Number.FormatDecimal((ulong)v, buffer)]).Should().Be(((ulong)v).ToString());
            new string(buffer[..Number.FormatHex((ulong)v, buffer)]).Should().Be(((ulong)v).ToString("x"));
            new string(buffer[..Number.FormatHex((ulong)v & 0xFFF, buffer, 6)]).Should().Be(((ulong)v & 0xFFF).ToString("x6"));
        }));
    }

    [Fact]
    public void Hex_and_decimal_as_ascii_bytes_match_ToString()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll<ulong, byte>((random, b) =>
        {
            // Values of every digit count (the random value shifted right by 0-63), minDigits 0-20.
            ulong v = random >> (b % 64);
            int min = b % 21;
            string hex = v.ToString("x" + min);
            Number.HexDigitCount(v).Should().Be(v.ToString("x").Length);
            Number.DecimalDigitCount(v).Should().Be(v.ToString().Length);

            // A roomy destination (the 8/16-byte path) and one that holds exactly the digits (the scratch path).
            foreach (int size in new[] { 40, hex.Length })
            {
                var buffer = new byte[size];
                int n = Number.FormatHex(v, buffer, min);
                Encoding.ASCII.GetString(buffer, 0, n).Should().Be(hex, $"FormatHex({v:x}, {min}) into {size} bytes");
            }
            var dec = new byte[20];
            Encoding.ASCII.GetString(dec, 0, Number.FormatDecimal(v, dec)).Should().Be(v.ToString());
            var signed = new byte[21];
            Encoding.ASCII.GetString(signed, 0, Number.FormatDecimal((long)v, signed)).Should().Be(((long)v).ToString());
        }));
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(0xFUL, "f")]
    [InlineData(0x10UL, "10")]
    [InlineData(0x9AUL, "9a")]
    [InlineData(0xFFFFFUL, "fffff")]
    [InlineData(0x100000UL, "100000")]
    [InlineData(0x0123456789ABCDEFUL, "123456789abcdef")]
    [InlineData(0xFEDCBA9876543210UL, "fedcba9876543210")]
    [InlineData(ulong.MaxValue, "ffffffffffffffff")]
    public unsafe void WriteHex_stores_the_digits_first(ulong value, string expected)
    {
        var buffer = new byte[16];
        fixed (byte* p = buffer) Number.WriteHex(p, value, Number.HexDigitCount(value));
        Encoding.ASCII.GetString(buffer, 0, expected.Length).Should().Be(expected);
    }

    [Fact]
    public void Number_formatting_into_a_short_destination_throws()
    {
        FluentActions.Invoking(() => Number.FormatHex(0x12345, new byte[4])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Number.FormatHex(1, new byte[2], minDigits: 3)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Number.FormatDecimal(12345UL, new byte[4])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Number.FormatDecimal(-1L, new byte[1])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Utf8_eight_wide_ascii_path_stops_at_a_non_ascii_char_in_any_position()
    {
        // Every length up to three blocks of eight, with one non-ASCII char at each position (or none):
        // the block that holds it must fall back to the per-char path, whatever the lane.
        foreach (char odd in new[] { '\u0080', 'é', '\u20AC', '\uFF41', '\uD83D', '\u0100' })
            for (int length = 0; length <= 24; length++)
                for (int at = -1; at < length; at++)
                {
                    // ASCII from 0x7F (the highest) down through 0 (the lowest), then around again.
                    var chars = Enumerable.Range(0, length).Select(i => (char)((127 + i * 37) % 128)).ToArray();
                    if (at >= 0) chars[at] = odd;
                    var text = new string(chars);
                    var buffer = new byte[length * 3 + 8];
                    int n = Utf8.Encode(text, buffer, out int read);
                    read.Should().Be(length);
                    buffer.AsSpan(0, n).ToArray().Should().Equal(Encoding.UTF8.GetBytes(text), $"'{text}' ({(int)odd:x4} at {at})");
                }
    }

    [Fact]
    public void Utf8_decoding_takes_the_ascii_fast_path_then_the_general_one()
    {
        // An ASCII run of every length and alignment, then a multi-byte character or a malformed byte,
        // then more ASCII: the fast path must hand over exactly where the run ends.
        var tails = new[] { "é", "€", "😀", "\u0080" }.Select(Encoding.UTF8.GetBytes).Append(new byte[] { 0xFF }).Append(new byte[] { 0xC3 });
        foreach (var tail in tails)
            for (int run = 0; run <= 20; run++)
                for (int after = 0; after <= 9; after += 3)
                {
                    var bytes = Enumerable.Range(0, run).Select(i => (byte)(0x20 + i * 7 % 95)).Concat(tail)
                        .Concat(Enumerable.Range(0, after).Select(i => (byte)('a' + i))).ToArray();
                    var chars = new char[bytes.Length];
                    new string(chars, 0, Utf8.Decode(bytes, chars)).Should().Be(Encoding.UTF8.GetString(bytes), Convert.ToHexString(bytes));
                }
    }

    [Fact]
    public void Utf8_decoding_pure_ascii_of_every_length()
    {
        for (int length = 0; length <= 40; length++)
        {
            var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 13 % 128)).ToArray();
            var chars = new char[length];
            int n = Utf8.Decode(bytes, chars);
            n.Should().Be(length);
            new string(chars).Should().Be(Encoding.ASCII.GetString(bytes));
        }
    }

    [Theory]
    [InlineData("0", true, 0UL)]
    [InlineData("18446744073709551615", true, ulong.MaxValue)]
    [InlineData("18446744073709551616", false, 0UL)]
    [InlineData("", false, 0UL)]
    [InlineData("12a", false, 0UL)]
    public void TryParse_accepts_exactly_unsigned_decimal_numbers(string text, bool ok, ulong value)
    {
        Number.TryParse(text, out ulong parsed).Should().Be(ok);
        if (ok) parsed.Should().Be(value);
    }
}
