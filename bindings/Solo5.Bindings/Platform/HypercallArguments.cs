using System.Runtime.InteropServices;

namespace Solo5Net.Guest
{
    // Argument structs of the Solo5 hvt hypercalls (docs/hvt-abi.md §4.3), exactly as the tender reads them.
    [StructLayout(LayoutKind.Explicit, Size = 8)]
    internal struct HcWalltime { [FieldOffset(0)] public ulong Nanoseconds; }

    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal unsafe struct HcPuts { [FieldOffset(0)] public byte* Data; [FieldOffset(8)] public ulong Length; }

    [StructLayout(LayoutKind.Explicit, Size = 24)]
    internal struct HcPoll
    {
        [FieldOffset(0)] public ulong TimeoutNanoseconds;
        [FieldOffset(8)] public ulong ReadySet;
        [FieldOffset(16)] public int Ret;
    }

    [StructLayout(LayoutKind.Explicit, Size = 40)]
    internal unsafe struct HcBlock
    {
        [FieldOffset(0)] public ulong Handle;
        [FieldOffset(8)] public ulong Offset;
        [FieldOffset(16)] public byte* Data;
        [FieldOffset(24)] public ulong Length;
        [FieldOffset(32)] public int Ret;
    }

    [StructLayout(LayoutKind.Explicit, Size = 32)]
    internal unsafe struct HcNet
    {
        [FieldOffset(0)] public ulong Handle;
        [FieldOffset(8)] public byte* Data;
        [FieldOffset(16)] public ulong Length;
        [FieldOffset(24)] public int Ret;
    }

    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal unsafe struct HcHalt { [FieldOffset(0)] public void* Cookie; [FieldOffset(8)] public int ExitStatus; }
}
