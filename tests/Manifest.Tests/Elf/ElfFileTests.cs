using FluentAssertions;
using Solo5Net.Manifest;
using Solo5Net.Tests.Manifest.Support;
using Xunit;

namespace Solo5Net.Tests.Manifest.Elf;

public sealed class ElfFileTests
{
    private const string InvalidHeader =
        "invalid executable: invalid or unsupported executable (elf header invalid while loading note)";

    [Fact]
    public void Parses_entry_and_every_program_header_field()
    {
        var image = TestImage.Build(0x100123,
            new TestSegment(TestImage.PtLoad, Bytes.Hex("f4 f4"), Flags: 5, VAddr: 0x100000, MemSize: 0x3000, Align: 0x1000));
        var elf = ElfFile.Parse(image);

        elf.Entry.Should().Be(0x100123);
        elf.ProgramHeaders.Should().ContainSingle();
        var ph = elf.ProgramHeaders[0];
        ph.Should().Be(new ProgramHeader(0, 1, 5, 120, 0x100000, 0x100000, 2, 0x3000, 0x1000));
        ph.IsLoad.Should().BeTrue();
        ph.IsExecutable.Should().BeTrue();
        ph.IsWritable.Should().BeFalse();
        elf.SegmentData(ph).ToArray().Should().Equal(0xf4, 0xf4);
        elf.Image.Length.Should().Be(image.Length);
    }

    [Fact]
    public void A_file_shorter_than_the_header_is_rejected()
    {
        var image = TestImage.Valid()[..63];
        FluentActions.Invoking(() => ElfFile.Parse(image)).Should().Throw<ElfFormatException>()
            .WithMessage("invalid executable: elf header does not match the expected size");
    }

    [Theory]
    [InlineData(0, 0x7e)]   // magic
    [InlineData(3, (byte)'f')]
    [InlineData(4, 1)]      // ELFCLASS32
    [InlineData(5, 2)]      // big endian
    [InlineData(16, 3)]     // ET_DYN
    [InlineData(16, 1)]     // ET_REL
    [InlineData(18, 3)]     // EM_386
    [InlineData(20, 0)]     // e_version
    [InlineData(52, 63)]    // e_ehsize
    [InlineData(54, 55)]    // e_phentsize
    [InlineData(56, 0)]     // e_phnum
    public void Each_header_check_rejects_with_the_tender_message(int offset, byte value)
    {
        var image = TestImage.Valid();
        image[offset] = value;
        FluentActions.Invoking(() => ElfFile.Parse(image)).Should().Throw<ElfFormatException>().WithMessage(InvalidHeader);
    }

    [Theory]
    [InlineData(7)]   // EI_OSABI
    [InlineData(8)]   // EI_ABIVERSION
    public void Os_abi_fields_are_not_checked(int offset)
    {
        var image = TestImage.Valid();
        image[offset] = 9;
        ElfFile.Parse(image).ProgramHeaders.Should().HaveCount(3);
    }

    [Fact]
    public void A_program_header_table_beyond_the_file_is_an_error()
    {
        var image = TestImage.Valid();
        BitConverter.GetBytes((ulong)image.Length - 100).CopyTo(image, 32);
        FluentActions.Invoking(() => ElfFile.Parse(image)).Should().Throw<ElfFormatException>()
            .WithMessage("invalid executable: program header table (offset 0x*, 3 entries) lies outside the file");
    }

    [Fact]
    public void A_huge_program_header_offset_does_not_wrap()
    {
        var image = TestImage.Valid();
        BitConverter.GetBytes(ulong.MaxValue - 10).CopyTo(image, 32);
        FluentActions.Invoking(() => ElfFile.Parse(image)).Should().Throw<ElfFormatException>()
            .WithMessage("*lies outside the file");
    }

    [Theory]
    [InlineData(1000000UL, 8UL)]
    [InlineData(100UL, 1000000UL)]
    [InlineData(ulong.MaxValue, 2UL)]
    [InlineData(8UL, ulong.MaxValue)]
    public void A_segment_beyond_the_file_is_an_error(ulong offset, ulong size)
    {
        var image = TestImage.Valid();
        const int phdr1 = 64 + 56;
        BitConverter.GetBytes(offset).CopyTo(image, phdr1 + 8);
        BitConverter.GetBytes(size).CopyTo(image, phdr1 + 32);
        FluentActions.Invoking(() => ElfFile.Parse(image)).Should().Throw<ElfFormatException>()
            .WithMessage("invalid executable: phdr[1] segment (offset 0x*, size 0x*) lies outside the file");
    }

    [Fact]
    public void A_segment_without_file_contents_may_point_anywhere()
    {
        var image = TestImage.Build(0x100000,
            new TestSegment(TestImage.PtLoad, [], VAddr: 0x200000, MemSize: 0x1000));
        BitConverter.GetBytes(ulong.MaxValue).CopyTo(image, 64 + 8);
        ElfFile.Parse(image).ProgramHeaders[0].FileSize.Should().Be(0);
    }
}
