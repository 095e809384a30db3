namespace Solo5Net.Manifest;

/// <summary>ELF64 numbers used by the hvt ABI (docs/hvt-abi.md §6).</summary>
public static class ElfConstants
{
    public const int HeaderSize = 64;
    public const int ProgramHeaderSize = 56;

    public const byte ClassElf64 = 2;
    public const byte DataLittleEndian = 1;
    public const uint CurrentVersion = 1;
    public const ushort TypeRelocatable = 1;
    public const ushort TypeExecutable = 2;
    public const ushort MachineX86_64 = 62;

    public const uint SegmentLoad = 1;
    public const uint SegmentNote = 4;

    public const uint FlagExecute = 1;
    public const uint FlagWrite = 2;
    public const uint FlagRead = 4;
}
