using System.Buffers.Binary;

namespace Solo5Net.Hvt;

/// <summary>How the guest page tables map a window above 4 GiB.</summary>
public enum CacheMode
{
    /// <summary>Write-back: ordinary memory (DMA windows).</summary>
    WriteBack,

    /// <summary>PCD | PWT: device registers (BAR windows).</summary>
    Uncached,
}

/// <summary>
/// Builds the guest's identity-mapped page tables (docs/hvt-abi.md §2.4) in low guest memory, and adds
/// windows (docs/abi.md §4): above 4 GiB through PDPT entries ≥ 4, and between the allocation's end
/// (rounded up to 2 MiB) and 4 GiB through the empty entries of PD0–PD3 (the DMA windows of devices
/// with a narrow DMA address width), with tables taken from 0x9000–0xFFFF, then (only if those
/// 7 pages run out) from 0xF0000–0xFFFFF. Works on a span of guest memory covering GPA 0 – 0x10000 so it can be tested without a VM.
/// </summary>
public sealed class PageTableBuilder
{
    public const ulong Present = 0x1, Writable = 0x2, WriteThrough = 0x8, CacheDisable = 0x10, LargePage = 0x80;
    private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
    private const ulong OneGiB = 1UL << 30;

    private ulong _nextTable = GuestLayout.ExtraTablesBase;
    private ulong _windowsBase = GuestLayout.WindowBase;

    /// <summary>The lowest GPA a window may use: the end of the allocation the layout maps, rounded up
    /// to 2 MiB (its last large page), or 4 GiB before <see cref="BuildSolo5Layout"/>.</summary>
    public ulong WindowsBase => _windowsBase;

    private static void CheckLow(Span<byte> low)
    {
        if (low.Length < (int)GuestLayout.ExtraTablesEnd) throw new ArgumentException("low memory must cover GPA 0 - 0x10000", nameof(low));
    }

    /// <summary>Writes PML4, PDPT[0..3], PD0..PD3 and PT0 for an allocation of <paramref name="allocationSize"/> bytes.</summary>
    /// <param name="low">Guest memory from GPA 0, at least 0x10000 bytes.</param>
    public void BuildSolo5Layout(Span<byte> low, ulong allocationSize)
    {
        CheckLow(low);
        low[(int)GuestLayout.Pml4Base..(int)GuestLayout.ExtraTablesEnd].Clear();

        Write(low, GuestLayout.Pml4Base, 0, GuestLayout.PdptBase | Present | Writable);
        for (ulong i = 0; i < 4; i++)
            Write(low, GuestLayout.PdptBase, i, (GuestLayout.PdBase + i * GuestLayout.PageSize) | Present | Writable);

        Write(low, GuestLayout.PdBase, 0, GuestLayout.Pt0Base | Present | Writable);
        for (ulong page = 0; page < 512; page++)
        {
            ulong gpa = page * GuestLayout.PageSize;
            ulong entry = gpa < GuestLayout.BootInfoBase ? 0
                : gpa < GuestLayout.GuestMinBase ? gpa | Present
                : gpa | Present | Writable;
            Write(low, GuestLayout.Pt0Base, page, entry);
        }
        for (ulong i = 1; i < 2048 && i * MemorySize.PageSize2M < allocationSize; i++)
            Write(low, GuestLayout.PdBase, i, (i * MemorySize.PageSize2M) | Present | Writable | LargePage);
        _nextTable = GuestLayout.ExtraTablesBase;
        _windowsBase = Math.Max(Alignment2M(allocationSize), MemorySize.PageSize2M);
    }

    /// <summary>
    /// Identity-maps [gpa, gpa + size) at or above <see cref="WindowsBase"/>: 2 MiB pages where the range allows, 4 KiB pages
    /// elsewhere. <paramref name="gpa"/> and <paramref name="size"/> must be 4 KiB aligned.
    /// </summary>
    public void MapWindow(Span<byte> low, ulong gpa, ulong size, CacheMode cacheMode)
    {
        if (size == 0 || gpa % GuestLayout.PageSize != 0 || size % GuestLayout.PageSize != 0)
            throw new ArgumentException($"window gpa=0x{gpa:x} size=0x{size:x} is not 4 KiB aligned");
        if (gpa < _windowsBase || gpa + size < gpa || gpa + size > GuestLayout.WindowLimit)
            throw new ArgumentException($"window gpa=0x{gpa:x} size=0x{size:x} is outside 0x{_windowsBase:x} – 512 GiB (above guest memory)");
        CheckLow(low);

        ulong flags = Present | Writable | (cacheMode == CacheMode.Uncached ? CacheDisable | WriteThrough : 0);
        ulong end = gpa + size;
        for (ulong at = gpa; at < end;)
        {
            ulong pd = TableFor(low, GuestLayout.PdptBase, at / OneGiB);
            ulong pdIndex = at % OneGiB / MemorySize.PageSize2M;
            if (at % MemorySize.PageSize2M == 0 && end - at >= MemorySize.PageSize2M && Read(low, pd, pdIndex) == 0)
            {
                Write(low, pd, pdIndex, at | flags | LargePage);
                at += MemorySize.PageSize2M;
                continue;
            }
            if ((Read(low, pd, pdIndex) & LargePage) != 0)
                throw new ArgumentException($"window gpa=0x{at:x} overlaps an existing 2 MiB mapping");
            ulong pt = TableFor(low, pd, pdIndex);
            Write(low, pt, at % MemorySize.PageSize2M / GuestLayout.PageSize, at | flags);
            at += GuestLayout.PageSize;
        }
    }

    private static ulong Alignment2M(ulong value) => (value + MemorySize.PageSize2M - 1) & ~(MemorySize.PageSize2M - 1);

    /// <summary>The table an entry points to, allocating and linking a fresh one if the entry is empty.</summary>
    private ulong TableFor(Span<byte> low, ulong table, ulong index)
    {
        ulong entry = Read(low, table, index);
        if (entry != 0) return entry & AddressMask;
        if (_nextTable == GuestLayout.ExtraTablesEnd) _nextTable = GuestLayout.OverflowTablesBase;
        if (_nextTable >= GuestLayout.BootAreaEnd || _nextTable + GuestLayout.PageSize > (ulong)low.Length)
            throw new TenderException("guest windows above 4 GiB (PCI DMA memory and BARs) need more page-table pages than the tender reserves (23): give the devices less DMA memory");
        ulong fresh = _nextTable;
        _nextTable += GuestLayout.PageSize;
        low.Slice((int)fresh, (int)GuestLayout.PageSize).Clear();
        Write(low, table, index, fresh | Present | Writable);
        return fresh;
    }

    private static ulong Read(Span<byte> low, ulong table, ulong index) =>
        BinaryPrimitives.ReadUInt64LittleEndian(low[(int)(table + index * 8)..]);

    private static void Write(Span<byte> low, ulong table, ulong index, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(low[(int)(table + index * 8)..], value);
}
