using System.Buffers.Binary;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Instructions;

/// <summary>
/// The file of --insn-count=FILE (docs/tender.md): 4 KiB, of which the first <see cref="Length"/>
/// bytes, little-endian, are the magic "S5NINSN1", the guest instructions counted so far and the
/// single steps taken so far. The tender maps it shared and stores each count as one aligned word
/// after every guest instruction, so another process can sample it while the guest runs.
/// </summary>
public sealed class InstructionCountFile : IDisposable
{
    public const int Length = 24;
    public const int MagicOffset = 0, InstructionsOffset = 8, StepsOffset = 16;
    private const int FileSize = 4096;

    /// <summary>"S5NINSN1" read as a little-endian word.</summary>
    public static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("S5NINSN1"u8);

    private readonly FileMapping _mapping;

    private InstructionCountFile(FileMapping mapping) => _mapping = mapping;

    /// <summary>Sizes the open file <paramref name="file"/> and maps it; the counts start at 0.</summary>
    public static InstructionCountFile Create(FileDescriptor file)
    {
        Libc.Ftruncate(file.Number, 0);
        Libc.Ftruncate(file.Number, FileSize);
        var counts = new InstructionCountFile(FileMapping.Map(file.Number, 0, FileSize, writable: true));
        counts._mapping.WriteUInt64(MagicOffset, Magic);
        return counts;
    }

    public void Store(ulong instructions, ulong steps)
    {
        _mapping.WriteUInt64(InstructionsOffset, instructions);
        _mapping.WriteUInt64(StepsOffset, steps);
    }

    /// <summary>The counts in the first <see cref="Length"/> bytes of such a file, for its readers.</summary>
    public static (ulong Instructions, ulong Steps) Read(ReadOnlySpan<byte> header)
    {
        if (header.Length < Length || BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic)
            throw new FormatException("not an instruction count file (magic S5NINSN1)");
        return (BinaryPrimitives.ReadUInt64LittleEndian(header[InstructionsOffset..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[StepsOffset..]));
    }

    public void Dispose() => _mapping.Dispose();
}
