using System.Buffers.Binary;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Dumpcore;

/// <summary>
/// Writes a guest core file (docs/hvt-abi.md §8.5): ELF64 ET_CORE, EM_X86_64, OSABI STANDALONE, one
/// PT_NOTE holding NT_PRSTATUS with the vCPU registers, one PT_LOAD at vaddr 0 covering mem_size
/// of which only resident pages are written (the file is sparse).
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

    /// <summary>ELF header, program headers and the NT_PRSTATUS note; the PT_LOAD data starts at <paramref name="loadOffset"/>.</summary>
    public static byte[] EncodeHeaders(ulong memSize, ReadOnlySpan<ulong> userRegisters, int pid, out ulong loadOffset)
    {
        int noteOffset = ElfHeaderSize + 2 * PhdrSize;
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
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(56), 2);

        var note = h.AsSpan(ElfHeaderSize, PhdrSize);
        BinaryPrimitives.WriteUInt32LittleEndian(note, 4);              // PT_NOTE
        BinaryPrimitives.WriteUInt64LittleEndian(note[8..], (ulong)noteOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(note[32..], (ulong)noteSize);
        BinaryPrimitives.WriteUInt64LittleEndian(note[48..], 4);

        var load = h.AsSpan(ElfHeaderSize + PhdrSize, PhdrSize);
        BinaryPrimitives.WriteUInt32LittleEndian(load, 1);              // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(load[4..], 7);         // RWX
        BinaryPrimitives.WriteUInt64LittleEndian(load[8..], loadOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(load[32..], memSize);
        BinaryPrimitives.WriteUInt64LittleEndian(load[40..], memSize);
        BinaryPrimitives.WriteUInt64LittleEndian(load[48..], Page);

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

    /// <summary>Writes the core to <paramref name="fd"/>; returns (pages written, pages in mem_size).</summary>
    public static (ulong Dumped, ulong Total) Write(int fd, GuestMemory memory, (KvmRegs Registers, KvmSregs Special) cpu, ulong cookieGpa)
    {
        ulong memSize = memory.Size;
        ReadOnlySpan<byte> trapFrame = cookieGpa != 0 && memory.IsValid(cookieGpa, 56)
            ? memory.ReadOnlySlice(cookieGpa, 56) : default;
        var registers = UserRegisters(cpu.Registers, cpu.Special, trapFrame);
        var headers = EncodeHeaders(memSize, registers, Libc.GetPid(), out ulong loadOffset);
        WriteAt(fd, headers, 0);
        Libc.Ftruncate(fd, (long)(loadOffset + memSize));

        ulong total = memSize / Page, dumped = 0;
        var resident = new byte[total];
        memory.ResidentPages(resident);
        for (ulong page = 0; page < total; page++)
        {
            if ((resident[page] & 1) == 0 || memory.IsHostInaccessible(page * Page)) continue;
            WriteAt(fd, memory.HostView(page * Page, Page), (long)(loadOffset + page * Page));
            dumped++;
        }
        return (dumped, total);
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
