namespace Solo5Net.Manifest;

/// <summary>One ELF64 program header; <see cref="Index"/> is its position in the table (phdr[i] in messages).</summary>
public sealed record ProgramHeader(
    int Index, uint Type, uint Flags, ulong Offset, ulong VAddr, ulong PAddr,
    ulong FileSize, ulong MemSize, ulong Align)
{
    public bool IsLoad => Type == ElfConstants.SegmentLoad;
    public bool IsNote => Type == ElfConstants.SegmentNote;
    public bool IsReadable => (Flags & ElfConstants.FlagRead) != 0;
    public bool IsWritable => (Flags & ElfConstants.FlagWrite) != 0;
    public bool IsExecutable => (Flags & ElfConstants.FlagExecute) != 0;
}
