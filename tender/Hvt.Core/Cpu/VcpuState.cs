using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>The vCPU register state at guest entry (docs/hvt-abi.md §2.1–2.3), built from zero.</summary>
public static class VcpuState
{
    public const ulong Cr0 = 0x80010021;   // PE | NE | WP | PG
    public const ulong Cr4 = 0x620;        // PAE | OSFXSR | OSXMMEXCPT
    public const ulong Efer = 0x500;       // LME | LMA
    public const ulong InitialRflags = 0x2;

    public static KvmSregs SpecialRegisters()
    {
        var data = BootstrapGdt.Data;
        return new KvmSregs
        {
            Cs = BootstrapGdt.Code, Ds = data, Es = data, Fs = data, Gs = data, Ss = data,
            Tr = BootstrapGdt.TaskRegister, Ldt = BootstrapGdt.Ldt,
            Gdt = new KvmDtable { Base = GuestLayout.GdtBase, Limit = BootstrapGdt.Limit },
            Idt = new KvmDtable { Base = 0, Limit = 0 },
            Cr0 = Cr0, Cr3 = GuestLayout.Pml4Base, Cr4 = Cr4, Efer = Efer,
        };
    }

    public static KvmRegs GeneralRegisters(ulong entry, ulong guestMemorySize) => new()
    {
        Rip = entry,
        Rsp = guestMemorySize - 8,
        Rdi = GuestLayout.BootInfoBase,
        Rflags = InitialRflags,
    };
}
