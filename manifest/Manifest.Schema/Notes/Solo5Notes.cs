using System.Buffers.Binary;

namespace Solo5Net.Manifest;

/// <summary>
/// Finds the Solo5 ABI1 and MFT1 notes in an executable exactly as the hvt tender does
/// (docs/hvt-abi.md §6.2): each must be the first note of its own PT_NOTE segment.
/// </summary>
public static class Solo5Notes
{
    /// <summary>The ABI note, or null if the image has none.</summary>
    public static AbiNote? ReadAbi(ElfFile elf)
    {
        if (FindDescriptor(elf, Solo5NoteKind.Abi) is not { } found) return null;
        var (index, descriptor) = found;
        if (descriptor.Length < AbiNote.MinimumDescriptorSize)
            throw new ElfFormatException(
                $"INV_EXE: phdr[{index}] ABI note descriptor too small ({descriptor.Length} < {AbiNote.MinimumDescriptorSize})");
        var span = descriptor.Span;
        return new AbiNote(BinaryPrimitives.ReadUInt32LittleEndian(span), BinaryPrimitives.ReadUInt32LittleEndian(span[4..]));
    }

    /// <summary>The bytes of struct mft carried by the MFT1 note (after its 4 padding bytes), or null if absent.</summary>
    public static byte[]? ReadManifest(ElfFile elf) =>
        FindDescriptor(elf, Solo5NoteKind.Manifest)?.Bytes.ToArray();

    /// <summary>A note's descriptor and the index of the program header that holds it. A class, not a
    /// value tuple, so the tender's start path runs precompiled code only.</summary>
    private sealed record Descriptor(int Index, ReadOnlyMemory<byte> Bytes);

    private static Descriptor? FindDescriptor(ElfFile elf, Solo5NoteKind kind)
    {
        foreach (var ph in elf.ProgramHeaders)
        {
            if (!ph.IsNote) continue;
            if (ph.FileSize < Solo5NoteKind.MinimumSegmentSize)
                throw Invalid(ph, $"segment size {ph.FileSize} < {Solo5NoteKind.MinimumSegmentSize}");
            if (ph.FileSize < Solo5NoteKind.HeaderSize) continue;

            var segment = elf.SegmentData(ph);
            var header = segment.Span;
            var nameSize = BinaryPrimitives.ReadUInt32LittleEndian(header);
            ulong descSize = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            var noteType = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            if (nameSize != Solo5NoteKind.OwnerNameSize || noteType != kind.NoteType || !IsSolo5Owner(header[12..18]))
                continue;

            if (descSize < 1 || descSize > kind.MaxDescriptorSize)
                throw Invalid(ph, $"{descSize} < 1 || {descSize} > {kind.MaxDescriptorSize}");
            if (ph.FileSize < Solo5NoteKind.HeaderSize + descSize)
                throw Invalid(ph, $"{ph.FileSize} < {Solo5NoteKind.HeaderSize + descSize}");

            var usable = descSize - (ulong)kind.DescriptorPadding;   // wraps when descsz is smaller than the padding
            if (usable <= 0 || usable > descSize)
                throw Invalid(ph, $"{usable} <= 0 || {usable} > {descSize}");

            var start = Solo5NoteKind.HeaderSize + kind.DescriptorPadding;
            return new Descriptor(ph.Index, segment.Slice(start, (int)usable));
        }
        return null;
    }

    private static bool IsSolo5Owner(ReadOnlySpan<byte> name) =>
        name[..5].SequenceEqual("Solo5"u8) && name[5] == 0;

    private static ElfFormatException Invalid(ProgramHeader ph, string detail) =>
        new($"INV_EXE: phdr[{ph.Index}] note does not fall within valid size ({detail})");
}
