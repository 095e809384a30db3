using System.Runtime.InteropServices;

namespace Solo5Net.Abi
{
    // The argument structs of the hypercalls (docs/hvt-abi.md §4.3, docs/abi.md §5). Guest addresses are
    // ulong GPAs; ret is a solo5_result_t (Solo5Result).

    /// <summary>WALLTIME: nsecs OUT.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtHcWalltime
    {
        public const int Size = 8;

        [FieldOffset(0)] public ulong Nsecs;
    }

    /// <summary>PUTS: data, len IN.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtHcPuts
    {
        public const int Size = 16;

        [FieldOffset(0)] public ulong Data;
        [FieldOffset(8)] public ulong Len;
    }

    /// <summary>POLL: timeout_nsecs IN; ready_set, ret (the number of ready devices) OUT.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtHcPoll
    {
        public const int Size = 24;

        [FieldOffset(0)] public ulong TimeoutNsecs;
        [FieldOffset(8)] public ulong ReadySet;
        [FieldOffset(16)] public int Ret;
    }

    /// <summary>BLOCK_WRITE and BLOCK_READ: handle, offset, data, len IN; ret OUT.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtHcBlock
    {
        public const int Size = 40;

        [FieldOffset(0)] public ulong Handle;
        [FieldOffset(8)] public ulong Offset;
        [FieldOffset(16)] public ulong Data;
        [FieldOffset(24)] public ulong Len;
        [FieldOffset(32)] public int Ret;
    }

    /// <summary>NET_WRITE and NET_READ: handle, data IN; len IN (for NET_READ also OUT: bytes received); ret OUT.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtHcNet
    {
        public const int Size = 32;

        [FieldOffset(0)] public ulong Handle;
        [FieldOffset(8)] public ulong Data;
        [FieldOffset(16)] public ulong Len;
        [FieldOffset(24)] public int Ret;
    }

    /// <summary>HALT: cookie (GPA of up to 512 bytes, or 0), exit_status IN.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtHcHalt
    {
        public const int Size = 16;

        /// <summary>Bytes of the cookie the tender may read at <see cref="Cookie"/>.</summary>
        public const int CookieMax = 512;

        [FieldOffset(0)] public ulong Cookie;
        [FieldOffset(8)] public int ExitStatus;
    }

    /// <summary>PCI_CONFIG_READ and PCI_CONFIG_WRITE (docs/abi.md §5): handle, offset, size IN; value OUT for a read, IN for a write; ret OUT.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtHcPciConfig
    {
        public const int Size = 24;

        [FieldOffset(0)] public ulong Handle;
        [FieldOffset(8)] public uint Offset;
        /// <summary>1, 2 or 4 bytes.</summary>
        [FieldOffset(12)] [CName("size")] public uint AccessSize;
        [FieldOffset(16)] public uint Value;
        [FieldOffset(20)] public int Ret;
    }
}
