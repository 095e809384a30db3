using System.Runtime.InteropServices;

namespace Solo5Net.Guest
{
    /// <summary>
    /// The guest's own GDT (code 0x08, data 0x10, 64-bit TSS 0x18), TSS with an interrupt stack
    /// (IST1, for #NMI, #DF and #MC, so a double fault on a broken stack still reports) and IDT with
    /// gates for CPU exceptions 0–31. Other vectors use the current stack: the #UD handler must be
    /// re-entrant (it completes rewritten SSE zeroing, possibly inside another trap's handler).
    /// Interrupts stay disabled on hvt; no IRQ gates are needed.
    /// </summary>
    internal static unsafe class DescriptorTables
    {
        private const ulong CodeDescriptor = 0x00AF99000000FFFF;
        private const ulong DataDescriptor = 0x00CF93000000FFFF;
        private const ushort CodeSelector = 0x08, TaskSelector = 0x18;
        private const int VectorCount = 32;
        private const int TssSize = 104;
        private const int TrapStackSize = 16384;

        [StructLayout(LayoutKind.Sequential, Pack = 16)]
        private struct Storage
        {
            public fixed ulong Gdt[5];
            public fixed ulong Idt[VectorCount * 2];
            public fixed byte Tss[TssSize];
            public fixed byte Gdtr[16];
            public fixed byte Idtr[16];
            public fixed byte TrapStack[TrapStackSize];
        }

        private static Storage s_storage;

        /// <summary><paramref name="vectors"/>: the 32 trap entry points of start.S.</summary>
        public static void Load(ulong* vectors)
        {
            fixed (Storage* s = &s_storage)
            {
                ulong tss = (ulong)s->Tss;
                ulong trapStackTop = ((ulong)s->TrapStack + TrapStackSize) & ~15UL;
                *(ulong*)(s->Tss + 36) = trapStackTop;   // IST1
                *(ushort*)(s->Tss + 102) = TssSize;      // no I/O permission bitmap

                s->Gdt[0] = 0;
                s->Gdt[1] = CodeDescriptor;
                s->Gdt[2] = DataDescriptor;
                s->Gdt[3] = (TssSize - 1) | ((tss & 0xFFFFFF) << 16) | (0x9UL << 40) | (1UL << 47) | ((tss >> 24 & 0xFF) << 56);
                s->Gdt[4] = tss >> 32;

                for (int v = 0; v < VectorCount; v++)
                {
                    ulong handler = vectors[v];
                    ulong ist = v == 2 || v == 8 || v == 18 ? 1UL : 0UL;
                    s->Idt[2 * v] = (handler & 0xFFFF) | ((ulong)CodeSelector << 16) | (ist << 32)
                        | (0xEUL << 40) /* interrupt gate */ | (1UL << 47) | ((handler >> 16 & 0xFFFF) << 48);
                    s->Idt[2 * v + 1] = handler >> 32;
                }

                *(ushort*)s->Gdtr = 5 * 8 - 1;
                *(ulong*)(s->Gdtr + 2) = (ulong)s->Gdt;
                *(ushort*)s->Idtr = VectorCount * 16 - 1;
                *(ulong*)(s->Idtr + 2) = (ulong)s->Idt;
                Native.LoadDescriptorTables(s->Gdtr, s->Idtr, TaskSelector);
            }
        }
    }
}
