using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;

namespace Solo5Net.Hvt.Modules.Pci.Layout;

/// <summary>Which parts of a memory BAR the guest reaches without an exit: the backend's mmap-able
/// areas that cover whole pages inside the BAR, minus every page that holds a range the tender owns
/// (the MSI-X table and PBA, docs/abi.md §7), which stay trapped as QEMU and cloud-hypervisor do.</summary>
public static class MappableAreas
{
    private const ulong Page = PciAbi.MinBarAlignment;

    /// <summary>The areas in order, non-overlapping, page-aligned.</summary>
    public static IEnumerable<(ulong Offset, ulong Size)> Of(PciBarRegion bar, IEnumerable<(ulong Offset, ulong Length)> owned)
    {
        var holes = owned.Where(r => r.Length > 0)
            .Select(r => (Start: Alignment.Down(r.Offset, Page), End: Alignment.Up(r.Offset + r.Length, Page)))
            .OrderBy(h => h.Start).ToList();
        ulong end = 0;
        foreach (var (offset, size) in bar.MappableAreas.OrderBy(a => a.Offset))
        {
            if (offset % Page != 0 || size % Page != 0 || size == 0 || offset < end || offset + size > bar.Size) continue;
            end = offset + size;
            var at = offset;
            foreach (var (start, stop) in holes.Where(h => h.Start < end && h.End > offset))
            {
                if (start > at) yield return (at, start - at);
                at = Math.Max(at, stop);
            }
            if (at < end) yield return (at, end - at);
        }
    }
}
