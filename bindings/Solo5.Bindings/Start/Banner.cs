using System;

namespace Solo5Net.Guest
{
    /// <summary>The INFO-level boot banner: bindings identity and the guest memory map.</summary>
    internal static unsafe class Banner
    {
        public static void Print(ulong* layout, ulong heapStart, ulong memSize)
        {
            if (!Log.Enabled(LogLevel.Info)) return;
            Span<byte> line = stackalloc byte[128];
            Log.Begin(line).Append("Solo5Net C# bindings, hvt ABI 2\n").WriteToConsole();
            Log.Begin(line).Append("Memory map: ").Append(memSize >> 20).Append(" MB addressable:\n").WriteToConsole();
            Region(line, "  reserved @ (", 0, 0x100000);
            Region(line, "      text @ (", layout[0], layout[1]);
            Region(line, "    rodata @ (", layout[1], layout[2]);
            Region(line, "      data @ (", layout[2], heapStart);
            Log.Begin(line).Append("      heap >= ").AppendHex(heapStart).Append(" < stack < ").AppendHex(memSize).Append("\n").WriteToConsole();
        }

        private static void Region(Span<byte> line, string label, ulong start, ulong end) =>
            Log.Begin(line).Append(label).AppendHex(start).Append(" - ").AppendHex(end - 1).Append(")\n").WriteToConsole();
    }
}
