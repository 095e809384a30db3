using System.Runtime.InteropServices;

namespace Solo5Net.Guest
{
    /// <summary>struct hvt_boot_info (56 bytes at GPA 0x10000, read-only to the guest).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 56)]
    internal struct HvtBootInfo
    {
        [FieldOffset(0)] public ulong MemSize;
        [FieldOffset(8)] public ulong KernelEnd;
        [FieldOffset(16)] public ulong CpuCycleFreq;
        [FieldOffset(24)] public ulong CommandLine;
        [FieldOffset(32)] public ulong Manifest;
        [FieldOffset(40)] public uint HostFeatures;
        [FieldOffset(44)] public uint GuestFeatures;
        [FieldOffset(48)] public ulong NetRing;
    }

    internal static unsafe class BootInfo
    {
        public const uint FeatureRingIo = 1;
        public const uint FeaturePci = 2;

        public static HvtBootInfo* Pointer { get; private set; }

        public static uint HostFeatures => Pointer->HostFeatures;
        public static ulong MemSize => Pointer->MemSize;

        internal static void Set(HvtBootInfo* bootInfo) => Pointer = bootInfo;
    }
}
