using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Options;

namespace Solo5Net.Hvt.Modules.Pci.Layout;

/// <summary>
/// The DMA memory of all devices together must fit the page tables the tender reserves for guest
/// windows above 4 GiB (docs/hvt-abi.md §1.1: 23 pages, one per GiB of windows). Checked before any
/// device is opened, so the refusal names the sizes instead of a page-table shortage half-way through.
/// </summary>
public static class DmaBudget
{
    public static void Require(IReadOnlyList<(string Name, ulong Size)> windows)
    {
        ulong total = 0;
        foreach (var (_, size) in windows) total += Alignment.Up(size, PciAbi.DmaAlignment);
        if (total <= PciOptions.MaxTotalDmaSize) return;
        var each = string.Join(", ", windows.Select(w => $"{w.Name} {SizeParser.Describe(w.Size)}"));
        throw new PciException($"the DMA memory of all devices together ({each}) exceeds the " +
            $"{SizeParser.Describe(PciOptions.MaxTotalDmaSize)} the guest's page tables can map; give less with {PciOptions.DmaOption}NAME=SIZE");
    }
}
