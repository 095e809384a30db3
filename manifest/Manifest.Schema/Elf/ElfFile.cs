using System.Buffers.Binary;

namespace Solo5Net.Manifest;

/// <summary>
/// An ELF64 x86-64 executable as the hvt tender sees it (docs/hvt-abi.md §6.1): the header checks, the
/// program header table, and the file bytes. Section headers are never read. Every program header
/// and every segment with file contents is checked to lie inside the image, so slicing a segment
/// can never read out of range.
/// </summary>
public sealed class ElfFile
{
    private const string InvalidHeader =
        "invalid executable: invalid or unsupported executable (elf header invalid while loading note)";

    public ulong Entry { get; }
    public IReadOnlyList<ProgramHeader> ProgramHeaders { get; }
    public ReadOnlyMemory<byte> Image { get; }

    private ElfFile(ulong entry, IReadOnlyList<ProgramHeader> headers, ReadOnlyMemory<byte> image)
    {
        Entry = entry;
        ProgramHeaders = headers;
        Image = image;
    }

    /// <summary>The file bytes of a segment (p_filesz bytes from p_offset).</summary>
    public ReadOnlyMemory<byte> SegmentData(ProgramHeader header) =>
        Image.Slice((int)header.Offset, (int)header.FileSize);

    public static ElfFile Parse(ReadOnlyMemory<byte> image)
    {
        var bytes = image.Span;
        if (bytes.Length < ElfConstants.HeaderSize)
            throw new ElfFormatException("invalid executable: elf header does not match the expected size");

        var header = bytes[..ElfConstants.HeaderSize];
        if (!HeaderIsValid(header))
            throw new ElfFormatException(InvalidHeader);

        var entry = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        var tableOffset = BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(header[56..]);
        var tableSize = (ulong)count * ElfConstants.ProgramHeaderSize;
        if (!FitsInside(tableOffset, tableSize, bytes.Length))
            throw new ElfFormatException(
                $"invalid executable: program header table (offset 0x{tableOffset:x}, {count} entries) lies outside the file");

        var headers = new ProgramHeader[count];
        for (var i = 0; i < count; i++)
        {
            var raw = bytes.Slice((int)tableOffset + i * ElfConstants.ProgramHeaderSize, ElfConstants.ProgramHeaderSize);
            var ph = DecodeProgramHeader(i, raw);
            if (ph.FileSize != 0 && !FitsInside(ph.Offset, ph.FileSize, bytes.Length))
                throw new ElfFormatException(
                    $"invalid executable: phdr[{i}] segment (offset 0x{ph.Offset:x}, size 0x{ph.FileSize:x}) lies outside the file");
            headers[i] = ph;
        }
        return new ElfFile(entry, headers, image);
    }

    private static bool HeaderIsValid(ReadOnlySpan<byte> h) =>
        h[0] == 0x7F && h[1] == (byte)'E' && h[2] == (byte)'L' && h[3] == (byte)'F'
        && h[4] == ElfConstants.ClassElf64
        && h[5] == ElfConstants.DataLittleEndian
        && BinaryPrimitives.ReadUInt16LittleEndian(h[16..]) == ElfConstants.TypeExecutable
        && BinaryPrimitives.ReadUInt16LittleEndian(h[18..]) == ElfConstants.MachineX86_64
        && BinaryPrimitives.ReadUInt32LittleEndian(h[20..]) == ElfConstants.CurrentVersion
        && BinaryPrimitives.ReadUInt16LittleEndian(h[52..]) == ElfConstants.HeaderSize
        && BinaryPrimitives.ReadUInt16LittleEndian(h[54..]) == ElfConstants.ProgramHeaderSize
        && BinaryPrimitives.ReadUInt16LittleEndian(h[56..]) >= 1;

    private static ProgramHeader DecodeProgramHeader(int index, ReadOnlySpan<byte> p) => new(
        index,
        Type: BinaryPrimitives.ReadUInt32LittleEndian(p),
        Flags: BinaryPrimitives.ReadUInt32LittleEndian(p[4..]),
        Offset: BinaryPrimitives.ReadUInt64LittleEndian(p[8..]),
        VAddr: BinaryPrimitives.ReadUInt64LittleEndian(p[16..]),
        PAddr: BinaryPrimitives.ReadUInt64LittleEndian(p[24..]),
        FileSize: BinaryPrimitives.ReadUInt64LittleEndian(p[32..]),
        MemSize: BinaryPrimitives.ReadUInt64LittleEndian(p[40..]),
        Align: BinaryPrimitives.ReadUInt64LittleEndian(p[48..]));

    private static bool FitsInside(ulong offset, ulong size, int length) =>
        offset <= (ulong)length && size <= (ulong)length - offset;
}
