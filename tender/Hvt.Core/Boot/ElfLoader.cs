using Solo5Net.Manifest;

namespace Solo5Net.Hvt;

/// <summary>
/// Loads the PT_LOAD segments of an hvt executable into guest memory (docs/hvt-abi.md §6.3) and sets
/// their host protections. Returns kernel_end.
/// </summary>
public static class ElfLoader
{
    /// <summary>A segment to load: where, what, and how the host protects it.</summary>
    public sealed record Segment(int Index, ulong Start, ulong End, ulong VAddr, ReadOnlyMemory<byte> Data, ulong MemSize, bool Readable, bool Writable);

    /// <summary>
    /// Checks every PT_LOAD with file contents against the docs/hvt-abi.md §6.3 rules for a guest of
    /// <paramref name="memory"/> bytes and returns the segments to load (pure: no guest memory touched).
    /// Errors are "invalid executable: …" gists without the file name.
    /// </summary>
    public static IReadOnlyList<Segment> Plan(ElfFile elf, ulong memory)
    {
        if (elf.Entry < GuestLayout.GuestMinBase || elf.Entry >= memory)
            throw new ElfFormatException($"invalid executable: entry point 0x{elf.Entry:x} outside guest memory [0x{GuestLayout.GuestMinBase:x}, 0x{memory:x})");

        var segments = new List<Segment>();
        ulong kernelEnd = 0, previousVAddr = 0;
        foreach (var ph in elf.ProgramHeaders)
        {
            if (!ph.IsLoad || ph.FileSize == 0) continue;
            if (ph.VAddr < GuestLayout.GuestMinBase)
                throw new ElfFormatException($"{At(ph)} p_vaddr 0x{ph.VAddr:x} below 0x{GuestLayout.GuestMinBase:x}");
            if (ph.VAddr < previousVAddr)
                throw new ElfFormatException($"{At(ph)} p_vaddr 0x{ph.VAddr:x} not in ascending order");
            if (ph.Align == 0 || (ph.Align & (ph.Align - 1)) != 0)
                throw new ElfFormatException($"{At(ph)} p_align 0x{ph.Align:x} is not a power of two");
            ulong start = ph.VAddr & ~(ph.Align - 1);
            if (start < GuestLayout.GuestMinBase || start < kernelEnd)
                throw new ElfFormatException($"{At(ph)} segment start 0x{start:x} overlaps the boot area or a previous segment");
            if (ph.VAddr >= memory)
                throw new ElfFormatException($"{At(ph)} p_vaddr 0x{ph.VAddr:x} beyond guest memory 0x{memory:x}");
            if (ph.VAddr + ph.FileSize < ph.VAddr || ph.VAddr + ph.FileSize > memory)
                throw new ElfFormatException($"{At(ph)} file contents end beyond guest memory 0x{memory:x}");
            if (ph.MemSize < ph.FileSize)
                throw new ElfFormatException($"{At(ph)} p_memsz 0x{ph.MemSize:x} smaller than p_filesz 0x{ph.FileSize:x}");
            ulong rawEnd = ph.VAddr + ph.MemSize;
            ulong end = rawEnd + ph.Align - 1;
            if (rawEnd < ph.VAddr || end < rawEnd || (end &= ~(ph.Align - 1)) > memory)
                throw new ElfFormatException($"{At(ph)} segment end beyond guest memory 0x{memory:x}");
            if (start % GuestLayout.PageSize != 0 || end % GuestLayout.PageSize != 0)
                throw new ElfFormatException($"{At(ph)} segment [0x{start:x}, 0x{end:x}) is not 4 KiB aligned");
            if (ph.IsWritable && ph.IsExecutable)
                throw new ElfFormatException($"{At(ph)} segment is both writable and executable");

            segments.Add(new Segment(ph.Index, start, end, ph.VAddr, elf.SegmentData(ph), ph.MemSize,
                Readable: ph.IsReadable || ph.IsExecutable, Writable: ph.IsWritable));
            kernelEnd = Math.Max(kernelEnd, end);
            previousVAddr = ph.VAddr;
        }
        return segments;
    }

    // Built only when a check fails: formatting it for every segment of every boot cost a boot
    // ~1 ms (the first interpolated string sets up the shared char pool).
    private static string At(ProgramHeader ph) => $"invalid executable: phdr[{ph.Index}]";

    /// <summary>Copies the planned segments into guest memory, applies host protections, returns kernel_end.</summary>
    public static ulong Load(IReadOnlyList<Segment> segments, GuestMemory memory)
    {
        ulong kernelEnd = 0;
        foreach (var s in segments)
        {
            s.Data.Span.CopyTo(memory.HostSlice(s.VAddr, (ulong)s.Data.Length));
            memory.HostSlice(s.VAddr + (ulong)s.Data.Length, s.MemSize - (ulong)s.Data.Length).Clear();
            memory.Protect(s.Start, s.End - s.Start, s.Readable, s.Writable);
            kernelEnd = Math.Max(kernelEnd, s.End);
        }
        return kernelEnd;
    }
}
