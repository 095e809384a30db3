using System.Buffers.Binary;
using System.Text;

namespace Solo5Net.Manifest;

/// <summary>
/// Writes an ELF64 x86-64 relocatable object (.o) holding the two Solo5 notes, each in its own
/// allocated SHT_NOTE section (.note.solo5.abi, align 4; .note.solo5.manifest, align 8), plus an
/// empty .note.GNU-stack so the linker does not assume an executable stack. A linker script that
/// gives each note section its own PT_NOTE segment turns it into a valid hvt image
/// (docs/architecture.md, "Linking the notes").
/// </summary>
public static class ManifestObjectWriter
{
    private const int SectionHeaderSize = 64;
    private const uint SectionProgBits = 1;
    private const uint SectionStringTable = 3;
    private const uint SectionNote = 7;
    private const ulong SectionFlagAlloc = 2;

    private sealed record Section(string Name, uint Type, ulong Flags, ulong Alignment, byte[] Contents)
    {
        public uint NameOffset { get; set; }
        public ulong FileOffset { get; set; }
    }

    public static byte[] Write(Mft mft, AbiNote? abi = null)
    {
        var sections = new List<Section>
        {
            new(Solo5NoteKind.Abi.SectionName, SectionNote, SectionFlagAlloc, (ulong)Solo5NoteKind.Abi.Alignment,
                Solo5NoteEncoder.EncodeAbi(abi ?? AbiNote.Hvt)),
            new(Solo5NoteKind.Manifest.SectionName, SectionNote, SectionFlagAlloc, (ulong)Solo5NoteKind.Manifest.Alignment,
                Solo5NoteEncoder.EncodeManifest(mft)),
            new(".note.GNU-stack", SectionProgBits, 0, 1, []),
        };
        sections.Add(new Section(".shstrtab", SectionStringTable, 0, 1, NameTable(sections.Select(s => s.Name).Append(".shstrtab"))));
        uint nameOffset = 1;
        foreach (var s in sections)
        {
            s.NameOffset = nameOffset;
            nameOffset += (uint)s.Name.Length + 1;
        }

        var offset = (ulong)ElfConstants.HeaderSize;
        foreach (var s in sections)
        {
            offset = Alignment.Up(offset, s.Alignment);
            s.FileOffset = offset;
            offset += (ulong)s.Contents.Length;
        }
        var sectionTable = Alignment.Up(offset, 8);
        var sectionCount = sections.Count + 1;   // index 0 is the null section
        var image = new byte[sectionTable + (ulong)(sectionCount * SectionHeaderSize)];

        WriteHeader(image, sectionTable, (ushort)sectionCount, shstrndx: (ushort)sections.Count);
        for (var i = 0; i < sections.Count; i++)
        {
            var s = sections[i];
            s.Contents.CopyTo(image, (int)s.FileOffset);
            var sh = image.AsSpan((int)sectionTable + (i + 1) * SectionHeaderSize, SectionHeaderSize);
            BinaryPrimitives.WriteUInt32LittleEndian(sh, s.NameOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(sh[4..], s.Type);
            BinaryPrimitives.WriteUInt64LittleEndian(sh[8..], s.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(sh[24..], s.FileOffset);
            BinaryPrimitives.WriteUInt64LittleEndian(sh[32..], (ulong)s.Contents.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(sh[48..], s.Alignment);
        }
        return image;
    }

    /// <summary>Writes the object to <paramref name="path"/>; I/O failures become a one-line <see cref="ManifestException"/>.</summary>
    public static void WriteFile(string path, Mft mft, AbiNote? abi = null)
    {
        var bytes = Write(mft, abi);
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException($"{path}: Could not write: {e.Message}");
        }
    }

    private static void WriteHeader(Span<byte> image, ulong sectionTable, ushort sectionCount, ushort shstrndx)
    {
        "\x7F"u8.CopyTo(image);
        "ELF"u8.CopyTo(image[1..]);
        image[4] = ElfConstants.ClassElf64;
        image[5] = ElfConstants.DataLittleEndian;
        image[6] = (byte)ElfConstants.CurrentVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(image[16..], ElfConstants.TypeRelocatable);
        BinaryPrimitives.WriteUInt16LittleEndian(image[18..], ElfConstants.MachineX86_64);
        BinaryPrimitives.WriteUInt32LittleEndian(image[20..], ElfConstants.CurrentVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(image[40..], sectionTable);
        BinaryPrimitives.WriteUInt16LittleEndian(image[52..], ElfConstants.HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(image[58..], SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(image[60..], sectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(image[62..], shstrndx);
    }

    /// <summary>A string table: a leading NUL, then each name NUL-terminated, in order.</summary>
    private static byte[] NameTable(IEnumerable<string> names) =>
        Encoding.ASCII.GetBytes("\0" + string.Concat(names.Select(n => n + "\0")));

}
