using Solo5Net.Abi;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Layout;

namespace Solo5Net.Hvt.Modules.Pci;

/// <summary>
/// Places one device's BARs for the guest: each memory BAR gets a window above 4 GiB whose
/// mmap-able page-aligned parts are backed by the device mapping (guest accesses go straight to the
/// device) and whose other parts trap and are forwarded as region accesses; each I/O BAR gets a
/// guest port range whose accesses are forwarded. The chosen addresses are programmed into the
/// device's BAR registers, so the device and the guest agree on them.
/// </summary>
internal sealed class PciBarSetup(ModuleSetupContext ctx, PciWindowAllocator windows, AttachedPciDevice device)
{
    private const ulong Page = PciAbi.MinBarAlignment;
    private bool _refusalReported;

    public void MapAll()
    {
        foreach (var bar in device.Device.Bars)
            device.Bars[bar.Index] = bar.IsIo ? MapIo(bar) : MapMemory(bar);
    }

    private PciBarInfo MapIo(PciBarRegion bar)
    {
        var port = windows.AllocatePorts(bar.Size);
        PciConfigHeader.ProgramBar(device.Device, bar, port);
        ctx.RegisterPio(port, (ushort)bar.Size, (offset, data, isWrite) => Forward(bar, offset, data, isWrite));
        return new PciBarInfo(port, bar.Size, HvtPciBarFlags.Present | HvtPciBarFlags.Io | HvtPciBarFlags.Trapped);
    }

    private PciBarInfo MapMemory(PciBarRegion bar)
    {
        var gpa = windows.AllocateBar(bar.Size);
        PciConfigHeader.ProgramBar(device.Device, bar, gpa);
        var windowSize = Alignment.Up(bar.Size, Page);
        var flags = HvtPciBarFlags.Present | (bar.Is64Bit ? HvtPciBarFlags.Is64Bit : 0) | (bar.Prefetchable ? HvtPciBarFlags.Prefetchable : 0);

        ulong at = 0;
        foreach (var (offset, size) in PageAlignedAreas(bar))
        {
            if (TryMapBar(bar, offset, size) is not { } host) continue; // stays in the trapped part
            if (offset > at) { Trap(bar, gpa, at, offset - at); flags |= HvtPciBarFlags.Trapped; }
            ctx.MapGuestWindow(gpa + offset, size, CacheMode.Uncached, host);
            flags |= HvtPciBarFlags.Mapped;
            at = offset + size;
        }
        if (at < windowSize) { Trap(bar, gpa, at, windowSize - at); flags |= HvtPciBarFlags.Trapped; }
        return new PciBarInfo(gpa, bar.Size, flags);
    }

    /// <summary>The device mapping of an area, or null if the host refuses to map it (it is then trapped).</summary>
    private nint? TryMapBar(PciBarRegion bar, ulong offset, ulong size)
    {
        try { return device.Device.MapBar(bar.Index, offset, size); }
        catch (Solo5Net.Interop.SystemCallException e)
        {
            if (ctx.Verbose) ctx.Warn($"{device.Name}: BAR{bar.Index} 0x{offset:x}+0x{size:x} cannot be mapped ({e.Message}); trapping it");
            return null;
        }
    }

    private IEnumerable<(ulong Offset, ulong Size)> PageAlignedAreas(PciBarRegion bar) =>
        MappableAreas.Of(bar, (device.Interrupts?.OwnedBarRanges ?? []).Where(r => r.Bar == bar.Index).Select(r => (r.Offset, r.Length)));

    private void Trap(PciBarRegion bar, ulong barGpa, ulong offset, ulong size)
    {
        ctx.MapGuestWindow(barGpa + offset, size, CacheMode.Uncached);
        ctx.RegisterMmio(barGpa + offset, size, (at, data, isWrite) => Forward(bar, offset + at, data, isWrite));
    }

    /// <summary>A trapped access: forwarded inside the BAR; beyond its end (the rest of its last
    /// page) or when the device refuses, reads see all ones and writes are dropped, as on a bus.</summary>
    private void Forward(PciBarRegion bar, ulong offset, Span<byte> data, bool isWrite)
    {
        if (offset >= bar.Size || (ulong)data.Length > bar.Size - offset)
        {
            if (!isWrite) data.Fill(0xFF);
            return;
        }
        if (device.Interrupts?.TryAccessBar(bar.Index, offset, data, isWrite) == true) return;
        try
        {
            if (isWrite) device.Device.WriteRegion(bar.Index, offset, data);
            else device.Device.ReadRegion(bar.Index, offset, data);
        }
        catch (PciAccessRefusedException e)
        {
            if (!isWrite) data.Fill(0xFF);
            if (!_refusalReported) ctx.Warn($"{device.Name}: {e.Message} (further refusals not reported)");
            _refusalReported = true;
        }
    }
}
