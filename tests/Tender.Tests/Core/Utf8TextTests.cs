using System.Text;
using FluentAssertions;
using Solo5Net.Interop;

namespace Solo5Net.Tests.Tender.Core;

/// <summary>Utf8Text gives exactly Encoding.UTF8's bytes (its ASCII path is only a shortcut), and
/// strings reach the C library through it: a path that is not ASCII still opens its file.</summary>
public class Utf8TextTests
{
    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("Hello_Solo5 --x=1", new byte[] { 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x5F, 0x53, 0x6F, 0x6C, 0x6F, 0x35, 0x20, 0x2D, 0x2D, 0x78, 0x3D, 0x31 })]
    [InlineData("\u007F", new byte[] { 0x7F })]
    [InlineData("\u0080", new byte[] { 0xC2, 0x80 })]
    [InlineData("a\u00E9b", new byte[] { 0x61, 0xC3, 0xA9, 0x62 })]
    [InlineData("\u20AC", new byte[] { 0xE2, 0x82, 0xAC })]
    [InlineData("\uD83D\uDE00", new byte[] { 0xF0, 0x9F, 0x98, 0x80 })]
    public void Bytes_are_those_of_the_UTF8_encoding(string text, byte[] expected)
    {
        Utf8Text.GetBytes(text).Should().Equal(expected);
        Utf8Text.ByteCount(text).Should().Be(expected.Length);
        var buffer = new byte[expected.Length];
        Utf8Text.Write(text, buffer).Should().Be(expected.Length);
        buffer.Should().Equal(expected);
        Encoding.UTF8.GetBytes(text).Should().Equal(expected, "the vector itself is UTF-8");
    }

    [Fact]
    public void A_lone_surrogate_becomes_U_FFFD_as_with_Encoding_UTF8()
    {
        // Built in code: an attribute argument cannot hold an unpaired surrogate.
        string text = "x" + (char)0xD800;
        Utf8Text.GetBytes(text).Should().Equal(0x78, 0xEF, 0xBF, 0xBD);
        Utf8Text.ByteCount(text).Should().Be(4);
    }

    [Theory]
    [InlineData("plain.txt")]
    [InlineData("caf\u00E9 \u20AC.txt")]
    public void A_path_reaches_open_and_unlink_as_its_UTF8_bytes(string name)
    {
        var dir = Directory.CreateTempSubdirectory("utf8text");
        try
        {
            var path = Path.Combine(dir.FullName, name);
            File.WriteAllText(path, "x");
            using (var fd = Libc.TryOpen(path, Libc.O_RDONLY, out _))
                fd.Should().NotBeNull();
            Libc.TryUnlink(path).Should().Be(0);
            File.Exists(path).Should().BeFalse();
            Libc.TryOpen(path, Libc.O_RDONLY, out int errno).Should().BeNull();
            errno.Should().Be(Errno.ENOENT);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
