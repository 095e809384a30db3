using System.Runtime.CompilerServices;
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
        private const ulong EntryStride = 16;

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

        /// <summary>The low half of an interrupt gate (IST 0) to <paramref name="handler"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Gate(ulong handler) =>
            (handler & 0xFFFF) | ((ulong)CodeSelector << 16) | (0xEUL << 40) /* interrupt gate */ | (1UL << 47)
            | ((handler >> 16 & 0xFFFF) << 48);

        /// <summary><paramref name="entries"/>: start.S's trap entry block, vector v's entry point at
        /// entries + 16 v (512-byte aligned, so the 32 entries share address bits 16 and up).</summary>
        public static void Load(byte* entries)
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

                // Gate v: offset 15..0 | selector << 16 | IST << 32 | type and present << 40 |
                // offset 31..16 << 48, then offset 63..32. Within the block only offset 15..0 changes,
                // by 16 per vector: the first gate's low half plus 16 v (at ~1 µs an instruction,
                // 32 gates built field by field cost about a millisecond of boot).
                ulong handler = (ulong)entries;
                ulong gate = Gate(handler);
                ulong* idt = s->Idt;
                if ((handler & 0xFFFF) + (VectorCount - 1) * EntryStride > 0xFFFF)   // not with start.S's alignment
                    for (int v = 0; v < VectorCount; v++) idt[2 * v] = Gate(handler + (ulong)v * EntryStride);
                else for (int v = 0; v < VectorCount; v += 4)
                {
                    idt[0] = gate;
                    idt[2] = gate + EntryStride;
                    idt[4] = gate + 2 * EntryStride;
                    idt[6] = gate + 3 * EntryStride;
                    idt += 8;
                    gate += 4 * EntryStride;
                }
                // The upper halves: s_storage starts zeroed, and an image linked below 4 GiB has 0 there.
                ulong high = handler >> 32;
                if (high != 0)
                    for (int v = 0; v < VectorCount; v++) s->Idt[2 * v + 1] = high;
                // #NMI, #DF and #MC run on the interrupt stack (IST1).
                s->Idt[2 * 2] |= 1UL << 32;
                s->Idt[2 * 8] |= 1UL << 32;
                s->Idt[2 * 18] |= 1UL << 32;

                *(ushort*)s->Gdtr = 5 * 8 - 1;
                *(ulong*)(s->Gdtr + 2) = (ulong)s->Gdt;
                *(ushort*)s->Idtr = VectorCount * 16 - 1;
                *(ulong*)(s->Idtr + 2) = (ulong)s->Idt;
                Native.LoadDescriptorTables(s->Gdtr, s->Idtr, TaskSelector);
            }
        }
    }
}
