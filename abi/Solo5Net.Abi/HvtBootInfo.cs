using System.Runtime.InteropServices;

namespace Solo5Net.Abi
{
    /// <summary>struct hvt_boot_info (docs/hvt-abi.md §3): 56 bytes at <see cref="HvtGuestLayout.BootInfoBase"/>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct HvtBootInfo
    {
        public const int Size = 56;

        [FieldOffset(0)] public ulong MemSize;
        [FieldOffset(8)] public ulong KernelEnd;
        [FieldOffset(16)] public ulong CpuCycleFreq;
        /// <summary>GPA of the NUL-terminated command line.</summary>
        [FieldOffset(24)] public ulong Cmdline;
        /// <summary>GPA of struct mft.</summary>
        [FieldOffset(32)] public ulong Mft;
        /// <summary><see cref="HvtFeatures"/> bits.</summary>
        [FieldOffset(40)] public uint HostFeatures;
        /// <summary>Always 0.</summary>
        [FieldOffset(44)] public uint GuestFeatures;
        /// <summary>GPA of struct hvt_ring when <see cref="HvtFeatures.RingIo"/> is set, else 0.</summary>
        [FieldOffset(48)] public ulong NetRing;

        /// <summary>
        /// <see cref="HostFeatures"/> of the tender that wrote this boot info, or 0 when its boot info
        /// has no such field: a tender with the 40-byte boot info (Solo5 0.8–0.10) places the manifest
        /// right after it, below <see cref="HvtGuestLayout.ManifestBase"/>, and offset 40 then holds the
        /// manifest's first bytes (docs/hvt-abi.md §3).
        /// </summary>
        public readonly uint OfferedHostFeatures => Mft >= HvtGuestLayout.ManifestBase ? HostFeatures : 0;
    }
}
