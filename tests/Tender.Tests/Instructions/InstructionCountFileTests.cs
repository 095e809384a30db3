using FluentAssertions;
using Solo5Net.Hvt.Modules.Instructions;
using Solo5Net.Interop;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Instructions;

/// <summary>The --insn-count file and the --insn-profile text against bytes written out by hand (docs/tender.md).</summary>
public class InstructionCountFileTests
{
    private static readonly byte[] Golden =
    [
        (byte)'S', (byte)'5', (byte)'N', (byte)'I', (byte)'N', (byte)'S', (byte)'N', (byte)'1',
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,   // instructions 0x0102030405060708
        0x2A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // steps 42
    ];

    [Fact]
    public void The_tender_writes_the_magic_and_both_counts_little_endian_in_a_4KiB_file()
    {
        using var dir = new TempDir();
        var path = dir.File("counts");
        using (var file = Libc.Open(path, Libc.O_RDWR | Libc.O_CREAT, 0x180))
        using (var counts = InstructionCountFile.Create(file))
            counts.Store(0x0102030405060708, 42);
        var bytes = File.ReadAllBytes(path);
        bytes.Should().HaveCount(4096);
        bytes[..24].Should().Equal(Golden);
        bytes[24..].Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void Creating_it_again_starts_from_zero()
    {
        using var dir = new TempDir();
        var path = dir.Write("counts", [.. Golden, .. new byte[5000]]);
        using (var file = Libc.Open(path, Libc.O_RDWR))
        using (InstructionCountFile.Create(file)) { }
        var bytes = File.ReadAllBytes(path);
        bytes.Should().HaveCount(4096);
        InstructionCountFile.Read(bytes).Should().Be((0UL, 0UL));
    }

    [Fact]
    public void Readers_get_the_counts_and_refuse_another_file()
    {
        InstructionCountFile.Read(Golden).Should().Be((0x0102030405060708UL, 42UL));
        var wrongMagic = (byte[])Golden.Clone();
        wrongMagic[7] = (byte)'2';
        FluentActions.Invoking(() => InstructionCountFile.Read(wrongMagic)).Should().Throw<FormatException>();
        FluentActions.Invoking(() => InstructionCountFile.Read(Golden.AsSpan(0, 23).ToArray())).Should().Throw<FormatException>();
    }

    [Fact]
    public void A_profile_is_one_line_per_address_in_address_order()
    {
        var byAddress = new Dictionary<ulong, ulong> { [0x101a] = 3, [0x1000] = 1000, [0xffff_ffff_0000] = 1 };
        var text = InstructionProfile.Format(byAddress);
        text.Should().Be("0x1000 1000\n0x101a 3\n0xffffffff0000 1\n");
        InstructionProfile.Parse(text).Should().Equal(byAddress);
        FluentActions.Invoking(() => InstructionProfile.Parse("1000 3\n")).Should().Throw<FormatException>();
        FluentActions.Invoking(() => InstructionProfile.Parse("0x1000 -3\n")).Should().Throw<FormatException>();
    }
}
