using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.Manifest;
using Solo5Net.Tests.Manifest.Support;
using Xunit;
using static Solo5Net.Tests.Manifest.Support.Bytes;

namespace Solo5Net.Tests.Manifest.Objects;

public sealed class ManifestObjectWriterTests : IDisposable
{
    private readonly Toolchain _toolchain = new();

    public void Dispose() => _toolchain.Dispose();

    private static Mft SampleManifest() => ManifestSource.Parse("""
        version: 1
        devices:
          - { name: nic, type: PCI_BASIC, match: { vendor: 0x8086, device: 0x100e }, dma: 4M }
          - { name: storage, type: BLOCK_BASIC }
          - { name: service0, type: NET_BASIC }
        """, "app.yaml", ManifestSourceFormat.Yaml).ToMft();

    [Fact]
    public void The_notes_encode_to_the_layout_the_tender_reads()
    {
        Solo5NoteEncoder.EncodeAbi(AbiNote.Hvt).Should().Equal(Concat(
            Hex("06 00 00 00 | 10 00 00 00 | 41 42 49 31 | 53 6f 6c 6f 35 00 00 00"),
            Hex("01 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00")));

        var mft = Mft.Create([]);
        Solo5NoteEncoder.EncodeManifest(mft).Should().Equal(Concat(
            Hex("06 00 00 00 | 74 00 00 00 | 4d 46 54 31 | 53 6f 6c 6f 35 00 00 00"),
            Zeros(4), mft.Encode(),
            Zeros(8)));   // outside descsz: lets readelf, which rounds descsz up to 8, decode the note
    }

    [Fact]
    public void The_object_is_a_relocatable_with_two_allocated_note_sections()
    {
        var o = ManifestObjectWriter.Write(SampleManifest());
        var path = _toolchain.PathOf("manifest.o");
        File.WriteAllBytes(path, o);

        BinaryPrimitives.ReadUInt16LittleEndian(o.AsSpan(16)).Should().Be(1);   // ET_REL
        var sections = Toolchain.Run("readelf", "-SW", path).Stdout;
        sections.Should().MatchRegex(@"\.note\.solo5\.abi\s+NOTE\s+0+\s+\w+\s+0+24\s+00\s+A\s+0\s+0\s+4");
        sections.Should().MatchRegex(@"\.note\.solo5\.manifest\s+NOTE\s+0+\s+\w+\s+\w+\s+00\s+A\s+0\s+0\s+8");
    }

    [Fact]
    public void Linked_with_ld_the_image_carries_both_notes_for_the_tender()
    {
        var mft = SampleManifest();
        var objectPath = _toolchain.PathOf("manifest.o");
        ManifestObjectWriter.WriteFile(objectPath, mft);
        var image = _toolchain.Link(objectPath);

        var elf = ElfFile.Parse(File.ReadAllBytes(image));
        elf.ProgramHeaders.Count(p => p.IsNote).Should().Be(2);
        Solo5Notes.ReadAbi(elf).Should().Be(new AbiNote(1, 2));
        var read = Solo5Notes.ReadManifest(elf)!;
        read.Should().Equal(mft.Encode());
        var decoded = Mft.Decode(read);
        decoded.Find("service0", MftDeviceType.NetBasic).Should().Be(3);
        decoded.Entries[1].VendorId.Should().Be(0x8086);
    }

    [Fact]
    public void Readelf_shows_both_notes_without_warnings()
    {
        var objectPath = _toolchain.PathOf("manifest.o");
        ManifestObjectWriter.WriteFile(objectPath, SampleManifest());
        var image = _toolchain.Link(objectPath);

        var notes = Toolchain.Run("readelf", "-nW", image);
        notes.Stderr.Should().BeEmpty();
        notes.Stdout.Should().Contain(".note.solo5.abi").And.Contain(".note.solo5.manifest");
        notes.Stdout.Should().MatchRegex(@"Solo5\s+0x00000010\s+Unknown note type: \(0x31494241\)");
        notes.Stdout.Should().MatchRegex(@"Solo5\s+0x000001ac\s+Unknown note type: \(0x3154464d\)");   // 4 + 8 + 4 × 104
    }

    [Fact]
    public void The_largest_manifest_links_too()
    {
        var mft = Mft.Create(Enumerable.Range(0, 63).Select(i => new MftEntry("storage" + i, MftDeviceType.BlockBasic)));
        var objectPath = _toolchain.PathOf("max.o");
        ManifestObjectWriter.WriteFile(objectPath, mft);
        var elf = ElfFile.Parse(File.ReadAllBytes(_toolchain.Link(objectPath, "max.hvt")));
        Mft.Decode(Solo5Notes.ReadManifest(elf)!).Entries.Should().HaveCount(64);
    }

    [Fact]
    public void Writing_to_an_unwritable_place_is_one_line()
    {
        FluentActions.Invoking(() => ManifestObjectWriter.WriteFile(_toolchain.PathOf("no/such/dir/x.o"), Mft.Create([])))
            .Should().Throw<ManifestException>().WithMessage("*x.o: Could not write: *");
    }
}
