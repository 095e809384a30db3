using FluentAssertions;
using Solo5Net.Manifest;
using Solo5Net.Tests.Manifest.Support;
using Xunit;
using static Solo5Net.Tests.Manifest.Support.Bytes;
using static Solo5Net.Tests.Manifest.Support.TestImage;

namespace Solo5Net.Tests.Manifest.Elf;

public sealed class Solo5NotesTests
{
    private static ElfFile Parse(params TestSegment[] segments) => ElfFile.Parse(Build(0x100000, segments));

    private static TestSegment NoteSegment(byte[] note, ulong align = 8) => new(PtNote, note, Align: align);

    [Fact]
    public void Reads_the_abi_and_the_manifest_of_a_valid_image()
    {
        var elf = ElfFile.Parse(Valid());
        Solo5Notes.ReadAbi(elf).Should().Be(new AbiNote(1, 2));
        Solo5Notes.ReadManifest(elf).Should().Equal(EmptyMft());
    }

    [Fact]
    public void Missing_notes_read_as_null()
    {
        var elf = Parse(Text());
        Solo5Notes.ReadAbi(elf).Should().BeNull();
        Solo5Notes.ReadManifest(elf).Should().BeNull();
    }

    [Fact]
    public void Other_targets_and_versions_are_reported_as_they_are()
    {
        Solo5Notes.ReadAbi(ElfFile.Parse(Valid(target: 2, version: 7))).Should().Be(new AbiNote(2, 7));
    }

    [Fact]
    public void A_note_segment_smaller_than_a_note_header_is_an_error()
    {
        var elf = Parse(Text(), NoteSegment(Zeros(11)), NoteSegment(AbiNote(), 4));
        FluentActions.Invoking(() => Solo5Notes.ReadAbi(elf)).Should().Throw<ElfFormatException>()
            .WithMessage("INV_EXE: phdr[1] note does not fall within valid size (*)");
    }

    [Fact]
    public void Note_segments_of_12_to_19_bytes_are_skipped()
    {
        var elf = Parse(Text(), NoteSegment(Zeros(16)), NoteSegment(AbiNote(), 4));
        Solo5Notes.ReadAbi(elf).Should().Be(new AbiNote(1, 2));
    }

    [Fact]
    public void Notes_of_other_owners_or_types_are_skipped()
    {
        var gnu = Concat(U32(4), U32(16), U32(Abi1), Hex("47 4e 55 00"), Zeros(16));
        var shortName = Concat(U32(5), U32(16), U32(Abi1), Hex("53 6f 6c 6f 35 00 00 00"), Zeros(16));
        var elf = Parse(Text(), NoteSegment(gnu), NoteSegment(shortName), NoteSegment(MftNote(EmptyMft())));
        Solo5Notes.ReadAbi(elf).Should().BeNull();
        Solo5Notes.ReadManifest(elf).Should().NotBeNull();
    }

    [Fact]
    public void Only_the_first_note_of_a_segment_is_looked_at()
    {
        var gnu = Concat(U32(4), U32(4), U32(1), Hex("47 4e 55 00"), Zeros(4));
        var elf = Parse(Text(), NoteSegment(Concat(gnu, AbiNote())));
        Solo5Notes.ReadAbi(elf).Should().BeNull();
    }

    [Fact]
    public void The_first_matching_note_wins()
    {
        var elf = Parse(Text(), NoteSegment(AbiNote(1, 2), 4), NoteSegment(AbiNote(2, 9), 4));
        Solo5Notes.ReadAbi(elf).Should().Be(new AbiNote(1, 2));
    }

    [Theory]
    [InlineData(0u, "0 < 1 || 0 > 32")]
    [InlineData(33u, "33 < 1 || 33 > 32")]
    public void An_abi_descriptor_size_out_of_range_is_an_error(uint descsz, string detail)
    {
        var elf = Parse(Text(), NoteSegment(Note(Abi1, descsz, Zeros(40)), 4));
        FluentActions.Invoking(() => Solo5Notes.ReadAbi(elf)).Should().Throw<ElfFormatException>()
            .WithMessage($"INV_EXE: phdr[1] note does not fall within valid size ({detail})");
    }

    [Fact]
    public void A_manifest_descriptor_larger_than_64_entries_is_an_error()
    {
        var elf = Parse(Text(), NoteSegment(Note(Mft1, 6669, Zeros(6672))));
        FluentActions.Invoking(() => Solo5Notes.ReadManifest(elf)).Should().Throw<ElfFormatException>()
            .WithMessage("INV_EXE: phdr[1] note does not fall within valid size (6669 < 1 || 6669 > 6668)");
    }

    [Fact]
    public void A_truncated_note_is_an_error()
    {
        var full = MftNote(EmptyMft());
        var elf = Parse(Text(), NoteSegment(full[..^8]));
        FluentActions.Invoking(() => Solo5Notes.ReadManifest(elf)).Should().Throw<ElfFormatException>()
            .WithMessage("INV_EXE: phdr[1] note does not fall within valid size (128 < 136)");
    }

    [Fact]
    public void The_buggyelf_case_gives_the_reference_message()
    {
        // test_buggyelf: MFT1 descsz 1, smaller than its 4 padding bytes, in program header 8.
        var filler = Enumerable.Range(0, 7).Select(_ => new TestSegment(0, [])).ToArray();
        var elf = Parse([Text(), .. filler, NoteSegment(Note(Mft1, 1, Zeros(4)))]);
        FluentActions.Invoking(() => Solo5Notes.ReadManifest(elf)).Should().Throw<ElfFormatException>()
            .WithMessage("INV_EXE: phdr[8] note does not fall within valid size " +
                         "(18446744073709551613 <= 0 || 18446744073709551613 > 1)");
    }

    [Fact]
    public void A_manifest_note_holding_only_its_padding_is_an_error()
    {
        var elf = Parse(Text(), NoteSegment(Note(Mft1, 4, Zeros(4))));
        FluentActions.Invoking(() => Solo5Notes.ReadManifest(elf)).Should().Throw<ElfFormatException>()
            .WithMessage("INV_EXE: phdr[1] note does not fall within valid size (0 <= 0 || 0 > 4)");
    }

    [Fact]
    public void A_manifest_written_without_the_alignment_padding_fails_validation()
    {
        // Descriptor placed right after the name (4-byte alignment): the tender reads from offset 24.
        var mft = EmptyMft();
        var elf = Parse(Text(), NoteSegment(Note(Mft1, (uint)mft.Length, mft)));
        var read = Solo5Notes.ReadManifest(elf)!;
        read.Should().Equal(mft[4..]);
        FluentActions.Invoking(() => Mft.Decode(read)).Should().Throw<ManifestInvalidException>()
            .WithMessage("Solo5 manifest is invalid");
    }

    [Fact]
    public void An_abi_descriptor_without_target_and_version_is_an_error()
    {
        var elf = Parse(Text(), NoteSegment(Note(Abi1, 4, Zeros(4)), 4));
        FluentActions.Invoking(() => Solo5Notes.ReadAbi(elf)).Should().Throw<ElfFormatException>()
            .WithMessage("INV_EXE: phdr[1] ABI note descriptor too small (4 < 8)");
    }
}
