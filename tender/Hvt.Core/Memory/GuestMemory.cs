using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>
/// Guest RAM: one anonymous shared mapping registered at GPA 0. Every access on behalf of the
/// guest goes through <see cref="Slice"/> or <see cref="ReadOnlySlice"/>, which apply the hvt
/// rule (gpa &lt; mem_size, no overflow, gpa + sz &lt; mem_size — strict) against the guest-visible
/// size. Host-read-only ranges (text/rodata after ELF load) may be read but never written.
/// </summary>
public sealed unsafe class GuestMemory : IDisposable
{
    private nint _base;
    private sealed record HostRange(ulong Start, ulong End);

    private readonly List<HostRange> _readOnly = [];
    private readonly List<HostRange> _noAccess = [];

    /// <summary>Bytes allocated and mapped into the guest (including any region reserved after mem_size).</summary>
    public ulong AllocationSize { get; }

    /// <summary>The guest-visible memory size used for pointer checks (docs/hvt-abi.md §4.2); ≤ <see cref="AllocationSize"/>.</summary>
    public ulong Size { get; private set; }

    /// <summary>Host address of GPA 0.</summary>
    public nint HostAddress => _base;

    /// <summary>Inaccessible pages on both sides of guest RAM: a host access that strayed past
    /// either end faults instead of reading or corrupting a neighbouring mapping.</summary>
    public const ulong GuardSize = 4096;

    public GuestMemory(ulong allocationSize)
    {
        AllocationSize = allocationSize;
        Size = allocationSize;
        nint reservation = Libc.Mmap(0, allocationSize + 2 * GuardSize, Libc.PROT_NONE,
            Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE, -1, 0);
        try
        {
            _base = Libc.Mmap(reservation + (nint)GuardSize, allocationSize, Libc.PROT_READ | Libc.PROT_WRITE,
                Libc.MAP_SHARED | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE | Libc.MAP_FIXED, -1, 0);
        }
        catch
        {
            Libc.Munmap(reservation, allocationSize + 2 * GuardSize);
            throw;
        }
    }

    /// <summary>Withholds the top of the allocation from the guest-visible size (the ring carve-out).</summary>
    public void SetGuestVisibleSize(ulong size)
    {
        if (size > AllocationSize) throw new ArgumentOutOfRangeException(nameof(size));
        Size = size;
    }

    /// <summary>
    /// Guest memory [gpa, gpa + size) for reading and writing on the guest's behalf. Fails (exit 1)
    /// when the range breaks the docs/hvt-abi.md §4.2 rule or touches memory the host mapped read-only.
    /// </summary>
    public Span<byte> Slice(ulong gpa, ulong size,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        Check(gpa, size, file, line);
        if (Overlaps(_readOnly, gpa, size) || Overlaps(_noAccess, gpa, size))
            throw new GuestAccessException($"{Source(file, line)}: Invalid guest access: gpa=0x{gpa:x}, sz={size} (read-only memory)");
        return new Span<byte>((void*)(_base + (nint)gpa), (int)size);
    }

    /// <summary>Guest memory [gpa, gpa + size) for reading only (e.g. a PUTS string in .rodata).</summary>
    public ReadOnlySpan<byte> ReadOnlySlice(ulong gpa, ulong size,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        Check(gpa, size, file, line);
        if (Overlaps(_noAccess, gpa, size))
            throw new GuestAccessException($"{Source(file, line)}: Invalid guest access: gpa=0x{gpa:x}, sz={size} (inaccessible memory)");
        return new ReadOnlySpan<byte>((void*)(_base + (nint)gpa), (int)size);
    }

    /// <summary>
    /// A debugger's write (gdb's M packet, a breakpoint's hlt): [gpa, gpa + size) must pass the
    /// docs/hvt-abi.md §4.2 rule and must not touch an inaccessible page, but may lie in text or
    /// read-only data, whose pages are made writable on the host for the copy and read-only again
    /// after it. Only while the vCPU is stopped; the guest's own writes there still fault.
    /// </summary>
    public void DebuggerWrite(ulong gpa, ReadOnlySpan<byte> bytes,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ulong size = (ulong)bytes.Length;
        Check(gpa, size, file, line);
        if (Overlaps(_noAccess, gpa, size))
            throw new GuestAccessException($"{Source(file, line)}: Invalid guest access: gpa=0x{gpa:x}, sz={size} (inaccessible memory)");
        var target = new Span<byte>((void*)(_base + (nint)gpa), (int)size);
        if (!Overlaps(_readOnly, gpa, size))
        {
            bytes.CopyTo(target);
            return;
        }
        ulong first = gpa & ~(GuestLayout.PageSize - 1);
        ulong length = Alignment.Up(gpa + size, GuestLayout.PageSize) - first;
        Libc.Mprotect(_base + (nint)first, length, Libc.PROT_READ | Libc.PROT_WRITE);
        try { bytes.CopyTo(target); }
        finally { RestoreProtection(first, length); }
    }

    /// <summary>Puts back the host protection of each page of [gpa, gpa + length) after a <see cref="DebuggerWrite"/>.</summary>
    private void RestoreProtection(ulong gpa, ulong length)
    {
        for (ulong page = gpa; page < gpa + length; page += GuestLayout.PageSize)
            if (Overlaps(_readOnly, page, GuestLayout.PageSize))
                Libc.Mprotect(_base + (nint)page, GuestLayout.PageSize, Libc.PROT_READ);
    }

    /// <summary>Reads a guest struct at <paramref name="gpa"/> under the same checks as <see cref="ReadOnlySlice"/>.</summary>
    public T Read<T>(ulong gpa, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : unmanaged =>
        MemoryMarshal.Read<T>(ReadOnlySlice(gpa, (ulong)sizeof(T), file, line));

    /// <summary>A guest struct at <paramref name="gpa"/>, in place, for writing its OUT fields; checked as <see cref="Slice"/>.</summary>
    public ref T Ref<T>(ulong gpa, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : unmanaged =>
        ref MemoryMarshal.AsRef<T>(Slice(gpa, (ulong)sizeof(T), file, line));

    /// <summary>Writes a guest struct at <paramref name="gpa"/> under the same checks as <see cref="Slice"/>.</summary>
    public void Write<T>(ulong gpa, in T value, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : unmanaged =>
        MemoryMarshal.Write(Slice(gpa, (ulong)sizeof(T), file, line), in value);

    /// <summary>
    /// A range of the allocation the tender shares with the guest by contract (a ring, a boot block):
    /// accesses through it are checked against the range, not against the guest-pointer rule.
    /// </summary>
    public GuestRegion Region(ulong gpa, ulong size)
    {
        if (gpa > AllocationSize || size > AllocationSize - gpa || size > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(gpa), $"region gpa=0x{gpa:x}, sz={size} beyond guest memory");
        return new GuestRegion(this, gpa, size);
    }

    /// <summary>Tender-side read access anywhere in the allocation (core files); never for guest-supplied addresses.</summary>
    public ReadOnlySpan<byte> HostView(ulong gpa, ulong size) => HostSlice(gpa, size);

    /// <summary>mincore(2) over the first <paramref name="residency"/>.Length pages: bit 0 set where the page is resident.</summary>
    public void ResidentPages(Span<byte> residency) => Libc.Mincore(_base, (ulong)residency.Length * GuestLayout.PageSize, residency);

    /// <summary>True when [gpa, gpa + size) passes the docs/hvt-abi.md §4.2 rule.</summary>
    public bool IsValid(ulong gpa, ulong size) =>
        gpa < Size && gpa + size >= gpa && gpa + size < Size && size <= int.MaxValue;

    private void Check(ulong gpa, ulong size, string file, int line)
    {
        if (!IsValid(gpa, size))
            throw new GuestAccessException($"{Source(file, line)}: Invalid guest access: gpa=0x{gpa:x}, sz={size}");
    }

    private static string Source(string file, int line) => $"{Path.GetFileName(file)}:{line}";

    private static bool Overlaps(List<HostRange> ranges, ulong gpa, ulong size)
    {
        foreach (var (start, end) in ranges)
            if (gpa < end && gpa + size > start) return true;
        return false;
    }

    /// <summary>
    /// Tender-internal access anywhere in the allocation (boot area, page tables, ELF load, ring),
    /// bypassing the guest-pointer rule. Not for guest-supplied addresses.
    /// </summary>
    internal Span<byte> HostSlice(ulong gpa, ulong size)
    {
        if (gpa > AllocationSize || size > AllocationSize - gpa || size > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(gpa), $"host access gpa=0x{gpa:x}, sz={size} beyond guest memory");
        return new Span<byte>((void*)(_base + (nint)gpa), (int)size);
    }

    /// <summary>Sets host protections for a page-aligned range (ELF segments, §6.3).</summary>
    internal void Protect(ulong gpa, ulong size, bool readable, bool writable)
    {
        if (size == 0) return;
        int prot = (readable ? Libc.PROT_READ : 0) | (writable ? Libc.PROT_WRITE : 0);
        Libc.Mprotect(_base + (nint)gpa, size, prot);
        if (prot == Libc.PROT_NONE) _noAccess.Add(new HostRange(gpa, gpa + size));
        else if (!writable) _readOnly.Add(new HostRange(gpa, gpa + size));
    }

    /// <summary>True if the host mapped this guest address read-only (or not at all).</summary>
    public bool IsHostReadOnly(ulong gpa) => Overlaps(_readOnly, gpa, 1) || Overlaps(_noAccess, gpa, 1);

    /// <summary>True if the host mapped this guest address with no access at all (an ELF segment without R, W or X).</summary>
    public bool IsHostInaccessible(ulong gpa) => Overlaps(_noAccess, gpa, 1);

    public void Dispose()
    {
        if (_base == 0) return;
        Libc.Munmap(_base - (nint)GuardSize, AllocationSize + 2 * GuardSize);
        _base = 0;
    }
}
