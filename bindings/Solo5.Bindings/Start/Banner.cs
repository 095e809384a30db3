using System;

namespace Solo5Net.Guest
{
    /// <summary>The INFO-level boot banner: bindings identity and the guest memory map. Built in one
    /// buffer from UTF-8 literals and written with one PUTS (each hypercall is a VM exit).</summary>
    internal static unsafe class Banner
    {
        public static void Print(ulong* layout, ulong heapStart, ulong memSize)
        {
            if (!Log.Enabled(LogLevel.Info)) return;
            Span<byte> buffer = stackalloc byte[512];
            // One writer, appended to in place (each Append also returns a copy, for chaining).
            var text = new LineWriter(buffer);
            text.Append("Solo5: Solo5Net C# bindings, hvt ABI 2\nSolo5: Memory map: "u8);
            text.Append(memSize >> 20);
            text.Append(" MB addressable:\nSolo5:   reserved @ (0x0 - 0xfffff)\nSolo5:       text @ ("u8);
            Region(ref text, layout[0], layout[1]);
            text.Append(")\nSolo5:     rodata @ ("u8);
            Region(ref text, layout[1], layout[2]);
            text.Append(")\nSolo5:       data @ ("u8);
            Region(ref text, layout[2], heapStart);
            text.Append(")\nSolo5:       heap >= "u8);
            text.AppendHex(heapStart);
            text.Append(" < stack < "u8);
            text.AppendHex(memSize);
            text.Append("\n"u8);
            text.WriteToConsole();
        }

        /// <summary>"0xSTART - 0xLAST".</summary>
        private static void Region(ref LineWriter text, ulong start, ulong end)
        {
            text.AppendHex(start);
            text.Append(" - "u8);
            text.AppendHex(end - 1);
        }
    }
}
