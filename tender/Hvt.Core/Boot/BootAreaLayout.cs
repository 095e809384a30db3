using Solo5Net.Manifest;

namespace Solo5Net.Hvt;

/// <summary>
/// The read-only boot area of one run (docs/hvt-abi.md §1.1, docs/abi.md §3): hvt_boot_info, the
/// manifest copy right after it, the command line after the manifest, then blocks modules publish
/// (hvt_pci_info), up to the page-table overflow pages.
/// </summary>
public sealed class BootAreaLayout(int manifestEntries)
{
    public ulong BootInfo => GuestLayout.BootInfoBase;

    public ulong Manifest => GuestLayout.ManifestBase;

    public ulong ManifestSize => (ulong)MftLayout.SizeFor(manifestEntries);

    public ulong Cmdline => Manifest + ManifestSize;

    public ulong CmdlineSize => GuestLayout.CmdlineSize;

    /// <summary>First byte of the module blocks (8-aligned, after the command line).</summary>
    public ulong BlocksStart => Alignment.Up(Cmdline + CmdlineSize, 8);

    public ulong BlocksEnd => GuestLayout.BootBlocksEnd;
}
