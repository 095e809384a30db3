namespace Solo5Net.Manifest;

/// <summary>
/// One of the two Solo5 ELF notes (docs/hvt-abi.md §6.2): its note type, the section it lives in, the
/// alignment of its descriptor and the largest descriptor the tender accepts.
/// </summary>
public sealed record Solo5NoteKind(string Label, uint NoteType, string SectionName, int Alignment, uint MaxDescriptorSize)
{
    /// <summary>"Solo5\0": name size 6, stored padded to 8 bytes.</summary>
    public const string OwnerName = "Solo5";
    public const int OwnerNameSize = 6;
    public const int OwnerNameFieldSize = 8;

    /// <summary>namesz, descsz, type (4 bytes each) and the padded name.</summary>
    public const int HeaderSize = 12 + OwnerNameFieldSize;

    /// <summary>The smallest PT_NOTE the tender does not reject outright (an Elf64_Nhdr).</summary>
    public const int MinimumSegmentSize = 12;

    public static readonly Solo5NoteKind Abi = new("ABI1", 0x31494241, ".note.solo5.abi", 4, 32);

    public static readonly Solo5NoteKind Manifest = new(
        "MFT1", 0x3154464D, ".note.solo5.manifest", 8,
        (uint)(4 + MftLayout.HeaderSize + MftLayout.EntrySize * MftLayout.MaxEntries));

    /// <summary>Bytes of padding between the note header and the descriptor's payload (counted in descsz).</summary>
    public int DescriptorPadding => Solo5Net.Alignment.Up(HeaderSize, Alignment) - HeaderSize;

}
