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
        }));
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
