using System.Text;

namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>
/// The registers the stub serves, in gdb's amd64 numbering (docs/gdb.md §3): 0–15 the general
/// registers in the order rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp, r8–r15 (8 bytes each), 16 rip
/// (8), 17 eflags (4), 18–23 cs, ss, ds, es, fs, gs (4). The x87 and SSE registers that follow in
/// gdb's numbering are reported unavailable: hvt guests do not use them (docs/guest-guide.md).
/// </summary>
public sealed class Amd64Registers
{
    public const int Count = 24, Rip = 16, Eflags = 17, FirstSegment = 18;

    /// <summary>The register numbers gdb's default amd64 description has after ours, and their sizes: st0–st7, the eight x87 control registers, xmm0–xmm15, mxcsr, fs_base, gs_base.</summary>
    private static readonly int[] UnavailableSizes =
        [.. Enumerable.Repeat(10, 8), .. Enumerable.Repeat(4, 8), .. Enumerable.Repeat(16, 16), 4, 8, 8];

    public ulong[] Values { get; } = new ulong[Count];

    public ulong this[int number]
    {
        get => Values[number];
        set => Values[number] = value;
    }

    public static int SizeOf(int number) => number < Rip + 1 ? 8 : 4;

    /// <summary>The size of a register beyond ours that gdb may ask for with 'p' (reported as unavailable), or 0 if gdb has no such register.</summary>
    public static int UnavailableSizeOf(int number) =>
        number >= Count && number - Count < UnavailableSizes.Length ? UnavailableSizes[number - Count] : 0;

    /// <summary>The 'g' reply: every register, little-endian hex.</summary>
    public string Encode()
    {
        var text = new StringBuilder(2 * (17 * 8 + 7 * 4));
        for (int i = 0; i < Count; i++) Hex.AppendLittleEndian(text, Values[i], SizeOf(i));
        return text.ToString();
    }

    public string Encode(int number)
    {
        var text = new StringBuilder(16);
        Hex.AppendLittleEndian(text, Values[number], SizeOf(number));
        return text.ToString();
    }

    /// <summary>
    /// Takes a 'G' packet's registers. gdb sends its whole register file; the registers after ours
    /// are ignored, but ours must all be there and be hex.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out Amd64Registers registers)
    {
        registers = new Amd64Registers();
        int offset = 0;
        for (int i = 0; i < Count; i++)
        {
            int digits = 2 * SizeOf(i);
            if (text.Length < offset + digits || !Hex.TryParseLittleEndian(text.Slice(offset, digits), SizeOf(i), out ulong value))
                return false;
            registers.Values[i] = value;
            offset += digits;
        }
        return true;
    }

    public Amd64Registers Clone()
    {
        var copy = new Amd64Registers();
        Values.CopyTo(copy.Values, 0);
        return copy;
    }
}
