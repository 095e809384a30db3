using Solo5Net.Abi;

namespace Solo5Net.Guest
{
    /// <summary>The tender's struct hvt_boot_info (GPA 0x10000, read-only to the guest), as the start code found it.</summary>
    internal static unsafe class BootInfo
    {
        public static HvtBootInfo* Pointer { get; private set; }

        public static uint HostFeatures => Pointer->OfferedHostFeatures;
        public static ulong MemSize => Pointer->MemSize;

        internal static void Set(HvtBootInfo* bootInfo) => Pointer = bootInfo;
    }
}
