using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

/// <summary>struct kvm_regs (x86-64): the general registers, RIP and RFLAGS.</summary>
[StructLayout(LayoutKind.Explicit, Size = 144)]
public struct KvmRegs
{
    [FieldOffset(0)] public ulong Rax;
    [FieldOffset(8)] public ulong Rbx;
    [FieldOffset(16)] public ulong Rcx;
    [FieldOffset(24)] public ulong Rdx;
    [FieldOffset(32)] public ulong Rsi;
    [FieldOffset(40)] public ulong Rdi;
    [FieldOffset(48)] public ulong Rsp;
    [FieldOffset(56)] public ulong Rbp;
    [FieldOffset(64)] public ulong R8;
    [FieldOffset(72)] public ulong R9;
    [FieldOffset(80)] public ulong R10;
    [FieldOffset(88)] public ulong R11;
    [FieldOffset(96)] public ulong R12;
    [FieldOffset(104)] public ulong R13;
    [FieldOffset(112)] public ulong R14;
    [FieldOffset(120)] public ulong R15;
    [FieldOffset(128)] public ulong Rip;
    [FieldOffset(136)] public ulong Rflags;
}

/// <summary>struct kvm_segment: a segment register in its unpacked form.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct KvmSegment
{
    [FieldOffset(0)] public ulong Base;
    [FieldOffset(8)] public uint Limit;
    [FieldOffset(12)] public ushort Selector;
    [FieldOffset(14)] public byte Type;
    [FieldOffset(15)] public byte Present;
    [FieldOffset(16)] public byte Dpl;
    [FieldOffset(17)] public byte Db;
    [FieldOffset(18)] public byte S;
    [FieldOffset(19)] public byte L;
    [FieldOffset(20)] public byte G;
    [FieldOffset(21)] public byte Avl;
    [FieldOffset(22)] public byte Unusable;
}

/// <summary>struct kvm_dtable: GDTR/IDTR.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct KvmDtable
{
    [FieldOffset(0)] public ulong Base;
    [FieldOffset(8)] public ushort Limit;
}

/// <summary>struct kvm_sregs (x86-64).</summary>
[StructLayout(LayoutKind.Explicit, Size = 312)]
public struct KvmSregs
{
    [FieldOffset(0)] public KvmSegment Cs;
    [FieldOffset(24)] public KvmSegment Ds;
    [FieldOffset(48)] public KvmSegment Es;
    [FieldOffset(72)] public KvmSegment Fs;
    [FieldOffset(96)] public KvmSegment Gs;
    [FieldOffset(120)] public KvmSegment Ss;
    [FieldOffset(144)] public KvmSegment Tr;
    [FieldOffset(168)] public KvmSegment Ldt;
    [FieldOffset(192)] public KvmDtable Gdt;
    [FieldOffset(208)] public KvmDtable Idt;
    [FieldOffset(224)] public ulong Cr0;
    [FieldOffset(232)] public ulong Cr2;
    [FieldOffset(240)] public ulong Cr3;
    [FieldOffset(248)] public ulong Cr4;
    [FieldOffset(256)] public ulong Cr8;
    [FieldOffset(264)] public ulong Efer;
    [FieldOffset(272)] public ulong ApicBase;
    // interrupt_bitmap[4] at 280..311 stays zero.
}

/// <summary>struct kvm_userspace_memory_region.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct KvmUserspaceMemoryRegion
{
    [FieldOffset(0)] public uint Slot;
    [FieldOffset(4)] public uint Flags;
    [FieldOffset(8)] public ulong GuestPhysAddr;
    [FieldOffset(16)] public ulong MemorySize;
    [FieldOffset(24)] public ulong UserspaceAddr;

    public const uint KVM_MEM_LOG_DIRTY_PAGES = 1, KVM_MEM_READONLY = 2;
}

/// <summary>struct kvm_ioeventfd.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
public struct KvmIoeventfd
{
    [FieldOffset(0)] public ulong Datamatch;
    [FieldOffset(8)] public ulong Addr;
    [FieldOffset(16)] public uint Len;
    [FieldOffset(20)] public int Fd;
    [FieldOffset(24)] public uint Flags;

    public const uint KVM_IOEVENTFD_FLAG_DATAMATCH = 1, KVM_IOEVENTFD_FLAG_PIO = 2, KVM_IOEVENTFD_FLAG_DEASSIGN = 4;
}

/// <summary>struct kvm_cpuid_entry2.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public struct KvmCpuidEntry2
{
    [FieldOffset(0)] public uint Function;
    [FieldOffset(4)] public uint Index;
    [FieldOffset(8)] public uint Flags;
    [FieldOffset(12)] public uint Eax;
    [FieldOffset(16)] public uint Ebx;
    [FieldOffset(20)] public uint Ecx;
    [FieldOffset(24)] public uint Edx;
}

/// <summary>struct kvm_guest_debug (x86-64): the KVM_GUESTDBG_* control flags and debugreg[8] (DR0–DR3 addresses, DR7 enables; DR4–DR6 unused).</summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
public struct KvmGuestDebug
{
    [FieldOffset(0)] public uint Control;
    [FieldOffset(8)] public ulong Dr0;
    [FieldOffset(16)] public ulong Dr1;
    [FieldOffset(24)] public ulong Dr2;
    [FieldOffset(32)] public ulong Dr3;
    [FieldOffset(64)] public ulong Dr7;

    public const uint KVM_GUESTDBG_ENABLE = 0x1, KVM_GUESTDBG_SINGLESTEP = 0x2,
        KVM_GUESTDBG_USE_SW_BP = 0x10000, KVM_GUESTDBG_USE_HW_BP = 0x20000;
}
