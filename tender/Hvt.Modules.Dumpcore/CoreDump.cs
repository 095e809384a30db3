using System.Buffers.Binary;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Dumpcore;

/// <summary>
/// Writes a guest core file (docs/hvt-abi.md §8.5): ELF64 ET_CORE, EM_X86_64, OSABI STANDALONE, one
/// PT_NOTE holding NT_PRSTATUS with the vCPU registers, one PT_LOAD at vaddr 0 covering mem_size
/// of which only resident pages are written (the file is sparse), then one PT_LOAD per region a
/// module added (a device's DMA window, at its GPA; docs/debugging.md).
/// </summary>
public static class CoreDump
{
    private const int ElfHeaderSize = 64, PhdrSize = 56, NoteHeaderSize = 12, NoteNameSize = 8;
    private const int PrStatusSize = 336, PrRegOffset = 112;
    private const uint NtPrStatus = 1;
    private const ulong Page = GuestLayout.PageSize;

    /// <summary>The registers as the core reports them: the vCPU's, or for a trap cookie rip/cs/rflags/rsp/ss from the trap frame.</summary>
    public static ulong[] UserRegisters(KvmRegs r, KvmSregs s, ReadOnlySpan<byte> trapFrame)
    {
        // struct user_regs_struct order.
        var regs = new ulong[]
        {
            r.R15, r.R14, r.R13, r.R12, r.Rbp, r.Rbx, r.R11, r.R10, r.R9, r.R8, r.Rax, r.Rcx, r.Rdx,
            r.Rsi, r.Rdi, 0, r.Rip, s.Cs.Selector, r.Rflags, r.Rsp, s.Ss.Selector, s.Fs.Base, s.Gs.Base,
            s.Ds.Selector, s.Es.Selector, s.Fs.Selector, s.Gs.Selector,
        };
        if (trapFrame.Length >= 56)
        {
            // Trap frame: cr2, ec, rip, cs, rflags, rsp, ss.
            regs[16] = BinaryPrimitives.ReadUInt64LittleEndian(trapFrame[16..]);
            regs[17] = BinaryPrimitives.ReadUInt64LittleEndian(trapFrame[24..]);
            regs[18] = BinaryPrimitives.ReadUInt64LittleEndian(trapFrame[32..]);
            regs[19] = BinaryPrimitives.ReadUInt64LittleEndian(trapFrame[40..]);
            regs[20] = BinaryPrimitives.ReadUInt64LittleEndian(trapFrame[48..]);
        }
        return regs;
    }

    /// <summary>
    /// ELF header, program headers and the NT_PRSTATUS note. The first PT_LOAD is guest RAM (vaddr 0,
    /// <paramref name="memSize"/> bytes) and starts at <paramref name="loadOffset"/>; one PT_LOAD per
    /// window follows (vaddr = its GPA), each stored right after the one before.
    /// </summary>
    public static byte[] EncodeHeaders(ulong memSize, IReadOnlyList<(ulong Gpa, ulong Size)> windows,
        ReadOnlySpan<ulong> userRegisters, int pid, out ulong loadOffset)
    {
        int loads = 1 + windows.Count;
        int noteOffset = ElfHeaderSize + (1 + loads) * PhdrSize;
        int noteSize = NoteHeaderSize + NoteNameSize + PrStatusSize;
        loadOffset = Alignment.Up((ulong)(noteOffset + noteSize), Page);
        var h = new byte[noteOffset + noteSize];

        h[0] = 0x7F; h[1] = (byte)'E'; h[2] = (byte)'L'; h[3] = (byte)'F';
        h[4] = 2; h[5] = 1; h[6] = 1; h[7] = 255;                       // ELF64, LSB, version 1, OSABI STANDALONE
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(16), 4);      // ET_CORE
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(18), 62);     // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(32), ElfHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(52), ElfHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(54), PhdrSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(56), (ushort)(1 + loads));

        var note = h.AsSpan(ElfHeaderSize, PhdrSize);
        BinaryPrimitives.WriteUInt32LittleEndian(note, 4);              // PT_NOTE
        BinaryPrimitives.WriteUInt64LittleEndian(note[8..], (ulong)noteOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(note[32..], (ulong)noteSize);
        BinaryPrimitives.WriteUInt64LittleEndian(note[48..], 4);

        ulong offset = loadOffset;
        WriteLoad(h.AsSpan(ElfHeaderSize + PhdrSize, PhdrSize), offset, 0, memSize);
        offset += memSize;
        for (int i = 0; i < windows.Count; i++)
        {
            WriteLoad(h.AsSpan(ElfHeaderSize + (2 + i) * PhdrSize, PhdrSize), offset, windows[i].Gpa, windows[i].Size);
            offset += windows[i].Size;
        }

        var n = h.AsSpan(noteOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(n, 5);                 // "CORE\0"
        BinaryPrimitives.WriteUInt32LittleEndian(n[4..], PrStatusSize);
        BinaryPrimitives.WriteUInt32LittleEndian(n[8..], NtPrStatus);
        "CORE"u8.CopyTo(n[12..]);
        var prstatus = n[(NoteHeaderSize + NoteNameSize)..];
        BinaryPrimitives.WriteInt32LittleEndian(prstatus[32..], pid);
        for (int i = 0; i < userRegisters.Length && i < 27; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(prstatus[(PrRegOffset + 8 * i)..], userRegisters[i]);
        return h;
    }

    private static void WriteLoad(Span<byte> phdr, ulong fileOffset, ulong vaddr, ulong size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(phdr, 1);              // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(phdr[4..], 7);         // RWX
        BinaryPrimitives.WriteUInt64LittleEndian(phdr[8..], fileOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(phdr[16..], vaddr);
        BinaryPrimitives.WriteUInt64LittleEndian(phdr[24..], vaddr);    // paddr = GPA
        BinaryPrimitives.WriteUInt64LittleEndian(phdr[32..], size);
        BinaryPrimitives.WriteUInt64LittleEndian(phdr[40..], size);
        BinaryPrimitives.WriteUInt64LittleEndian(phdr[48..], Page);
    }

    /// <summary>
    /// Writes the core to <paramref name="fd"/>: guest RAM (resident pages only) and every region in
    /// <paramref name="regions"/> (pages that are not all zero). The file is sparse elsewhere.
    /// </summary>
    public static CoreDumpResult Write(int fd, GuestMemory memory, (KvmRegs Registers, KvmSregs Special) cpu, ulong cookieGpa,
        IReadOnlyList<CoreRegion> regions)
    {
        ulong memSize = memory.Size;
        ReadOnlySpan<byte> trapFrame = cookieGpa != 0 && memory.IsValid(cookieGpa, 56)
            ? memory.ReadOnlySlice(cookieGpa, 56) : default;
        var registers = UserRegisters(cpu.Registers, cpu.Special, trapFrame);
        var windows = regions.Select(r => (r.Gpa, r.Size)).ToList();
        var headers = EncodeHeaders(memSize, windows, registers, Libc.GetPid(), out ulong loadOffset);
        WriteAt(fd, headers, 0);
        ulong end = loadOffset + memSize;
        foreach (var region in regions) end += region.Size;
        Libc.Ftruncate(fd, (long)end);

        ulong total = memSize / Page, dumped = 0;
        var resident = new byte[total];
        memory.ResidentPages(resident);
        for (ulong page = 0; page < total; page++)
        {
            if ((resident[page] & 1) == 0 || memory.IsHostInaccessible(page * Page)) continue;
            WriteAt(fd, memory.HostView(page * Page, Page), (long)(loadOffset + page * Page));
            dumped++;
        }

        var regionPages = new List<ulong>(regions.Count);
        ulong offset = loadOffset + memSize;
        foreach (var region in regions)
        {
            ulong written = 0;
            for (ulong at = 0; at < region.Size; at += Page)
            {
                var bytes = region.Read(at, (int)Page);
                if (bytes.IndexOfAnyExcept((byte)0) < 0) continue;
                WriteAt(fd, bytes, (long)(offset + at));
                written++;
            }
            regionPages.Add(written);
            offset += region.Size;
        }
        return new CoreDumpResult(dumped, total, regionPages);
    }

    private static void WriteAt(int fd, ReadOnlySpan<byte> data, long offset)
    {
        while (!data.IsEmpty)
        {
            int n = Libc.Pwrite(fd, data, offset);
            if (n == 0) throw new TenderException("dumpcore: short write");
            data = data[n..];
            offset += n;
        }
    }
}
