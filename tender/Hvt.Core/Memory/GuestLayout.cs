using Solo5Net.Abi;

namespace Solo5Net.Hvt;

/// <summary>
/// The fixed guest-physical layout below 1 MiB (docs/hvt-abi.md §1.1) and the PCI window base (docs/abi.md §4):
/// the tender's own pages, and the addresses the guest relies on as <see cref="HvtGuestLayout"/> defines them.
/// </summary>
public static class GuestLayout
{
    public const ulong GdtBase = 0x1000;
    public const ulong Pml4Base = 0x2000;
    public const ulong PdptBase = 0x3000;
    public const ulong PdBase = 0x4000;          // PD0..PD3, one flat array of 2048 entries
    public const ulong Pt0Base = 0x8000;
    /// <summary>Pages for tables of windows above 4 GiB: 0x9000–0xFFFF, never present for the guest.</summary>
    public const ulong ExtraTablesBase = 0x9000;
    public const ulong ExtraTablesEnd = 0x10000;

    public const ulong BootInfoBase = HvtGuestLayout.BootInfoBase;
    public const ulong BootInfoSize = HvtBootInfo.Size;
    public const ulong ManifestBase = HvtGuestLayout.ManifestBase;
    public const ulong CmdlineSize = HvtGuestLayout.CmdlineSize;
    public const ulong BootAreaEnd = 0x100000;

    /// <summary>
    /// Overflow pages for window page tables once 0x9000–0xFFFF is used up: the last 64 KiB of the
    /// boot area (guest-read-only like the rest of it). Boot blocks end below it.
    /// </summary>
    public const ulong OverflowTablesBase = 0xF0000;
    public const ulong BootBlocksEnd = OverflowTablesBase;

    /// <summary>HVT_GUEST_MIN_BASE: lowest address an ELF segment or entry point may use.</summary>
    public const ulong GuestMinBase = HvtGuestLayout.GuestMinBase;

    /// <summary>Where guest-physical windows above RAM begin (docs/abi.md §4).</summary>
    public const ulong WindowBase = HvtGuestLayout.PciWindowBase;

    /// <summary>Top of the address space reachable through PML4[0] (512 GiB).</summary>
    public const ulong WindowLimit = 0x80_0000_0000;

    public const ulong PageSize = 0x1000;
}
