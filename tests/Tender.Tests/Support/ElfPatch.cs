using System.Buffers.Binary;

namespace Solo5Net.Tests.Tender.Support;

/// <summary>
/// Edits a copy of a test guest's ELF image in place to make a malformed one. Offsets are the
/// ELF64 layout (header 64 bytes, program headers 56 bytes each); nothing here validates.
/// </summary>
public sealed class ElfPatch(byte[] image)
{
    public const uint PT_LOAD = 1, PT_NOTE = 4, PT_TLS = 7;
    public const uint PF_X = 1, PF_W = 2, PF_R = 4;
    public const uint NoteAbi = 0x31494241, NoteManifest = 0x3154464D;

    public byte[] Image { get; } = image;

    public static ElfPatch Of(string guest) => new(Guests.Image(guest));

    public ulong Entry { get => U64(24); set => SetU64(24, value); }
    public ulong PhOff { get => U64(32); set => SetU64(32, value); }
    public ushort Type { get => U16(16); set => SetU16(16, value); }
    public ushort Machine { get => U16(18); set => SetU16(18, value); }
    public ushort PhNum { get => U16(56); set => SetU16(56, value); }

    public Phdr Ph(int index) => new(this, (int)PhOff + 56 * index);

    public IEnumerable<Phdr> Phdrs => Enumerable.Range(0, PhNum).Select(Ph);

    /// <summary>The n-th PT_LOAD with file contents (the ones the tender loads).</summary>
    public Phdr LoadedSegment(int n) => Phdrs.Where(p => p.Type == PT_LOAD && p.FileSize > 0).ElementAt(n);

    /// <summary>The PT_NOTE segment holding the Solo5 note of this type.</summary>
    public Phdr Note(uint noteType) =>
        Phdrs.Single(p => p.Type == PT_NOTE && U32((int)p.Offset + 8) == noteType);

    /// <summary>File offset of a Solo5 note's descriptor (after the 20-byte header, aligned).</summary>
    public int Descriptor(uint noteType)
    {
        var note = Note(noteType);
        int align = noteType == NoteManifest ? 8 : 4;
        return (int)note.Offset + (20 + align - 1) / align * align;
    }

    public ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(Image.AsSpan(at));
    public uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(Image.AsSpan(at));
    public ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(Image.AsSpan(at));
    public void SetU16(int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Image.AsSpan(at), v);
    public void SetU32(int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Image.AsSpan(at), v);
    public void SetU64(int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Image.AsSpan(at), v);

    public sealed class Phdr(ElfPatch elf, int at)
    {
        public int At => at;
        public int Index => (at - (int)elf.PhOff) / 56;
        public uint Type { get => elf.U32(at); set => elf.SetU32(at, value); }
        public uint Flags { get => elf.U32(at + 4); set => elf.SetU32(at + 4, value); }
        public ulong Offset { get => elf.U64(at + 8); set => elf.SetU64(at + 8, value); }
        public ulong VAddr { get => elf.U64(at + 16); set => elf.SetU64(at + 16, value); }
        public ulong FileSize { get => elf.U64(at + 32); set => elf.SetU64(at + 32, value); }
        public ulong MemSize { get => elf.U64(at + 40); set => elf.SetU64(at + 40, value); }
        public ulong Align { get => elf.U64(at + 48); set => elf.SetU64(at + 48, value); }

        /// <summary>Swaps this program header with another (both 56 bytes).</summary>
        public void SwapWith(Phdr other)
        {
            var mine = elf.Image.AsSpan(at, 56).ToArray();
            elf.Image.AsSpan(other.At, 56).CopyTo(elf.Image.AsSpan(at, 56));
            mine.CopyTo(elf.Image.AsSpan(other.At, 56));
        }
    }
}
