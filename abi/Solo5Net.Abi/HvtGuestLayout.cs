namespace Solo5Net.Abi
{
    /// <summary>Guest-physical addresses the guest relies on (docs/hvt-abi.md §1.1, §3; docs/abi.md §4).</summary>
    [CName("HVT")]
    public static class HvtGuestLayout
    {
        /// <summary>struct hvt_boot_info, read-only to the guest.</summary>
        public const ulong BootInfoBase = 0x10000;

        /// <summary>The tender's copy of struct mft, right after the boot info.</summary>
        public const ulong ManifestBase = BootInfoBase + HvtBootInfo.Size;

        /// <summary>Bytes reserved for the command line, including its NUL.</summary>
        public const ulong CmdlineSize = 8192;

        /// <summary>HVT_GUEST_MIN_BASE: the lowest address an ELF segment or entry point may use.</summary>
        public const ulong GuestMinBase = 0x100000;

        /// <summary>HVT_PCI_WINDOW_BASE: where guest-physical windows above RAM begin (4 GiB).</summary>
        public const ulong PciWindowBase = 0x1_0000_0000;
    }
}
