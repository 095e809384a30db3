using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Manifest;

namespace Solo5Net.Tests.Tender.Core;

public class ElfLoaderTests
{
    private const uint Load = 1, R = 4, W = 2, X = 1;
    private const ulong Mem = 64UL << 20;

    public sealed record Ph(uint Type, uint Flags, ulong VAddr, ulong FileSize, ulong MemSize, ulong Align = 0x1000);

    /// <summary>A minimal ELF64 executable: header, program headers, then each segment's bytes (filled with its index + 1).</summary>
    private static ElfFile Image(ulong entry, params Ph[] phs)
    {
        int table = 64, data = table + 56 * phs.Length;
        var bytes = new byte[data + phs.Sum(p => (int)p.FileSize)];
        bytes[0] = 0x7F; bytes[1] = (byte)'E'; bytes[2] = (byte)'L'; bytes[3] = (byte)'F';
        bytes[4] = 2; bytes[5] = 1; bytes[6] = 1;
        var h = bytes.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], 62);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], entry);
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], (ulong)table);
        BinaryPrimitives.WriteUInt16LittleEndian(h[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[54..], 56);
        BinaryPrimitives.WriteUInt16LittleEndian(h[56..], (ushort)phs.Length);
        int offset = data;
        for (int i = 0; i < phs.Length; i++)
        {
            var p = h.Slice(table + 56 * i, 56);
            BinaryPrimitives.WriteUInt32LittleEndian(p, phs[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(p[4..], phs[i].Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(p[8..], (ulong)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(p[16..], phs[i].VAddr);
            BinaryPrimitives.WriteUInt64LittleEndian(p[32..], phs[i].FileSize);
            BinaryPrimitives.WriteUInt64LittleEndian(p[40..], phs[i].MemSize);
            BinaryPrimitives.WriteUInt64LittleEndian(p[48..], phs[i].Align);
            h.Slice(offset, (int)phs[i].FileSize).Fill((byte)(i + 1));
            offset += (int)phs[i].FileSize;
        }
        return ElfFile.Parse(bytes);
    }

    [Fact]
    public void Plans_text_and_data_and_skips_empty_and_bss_only_segments()
    {
        var elf = Image(0x100000,
            new Ph(Load, R, 0, 0, 0),                                 // empty LOAD at 0: skipped unchecked
            new Ph(Load, R | X, 0x100000, 0x1800, 0x1800),
            new Ph(Load, R | W, 0x102000, 0x10, 0x3000),
            new Ph(Load, R | W, 0x200000, 0, 0x100000));              // BSS only: skipped, not in kernel_end
        var plan = ElfLoader.Plan(elf, Mem);
        plan.Select(s => (s.Index, s.Start, s.End, s.Readable, s.Writable)).Should().Equal(
            (1, 0x100000UL, 0x102000UL, true, false),
            (2, 0x102000UL, 0x105000UL, true, true));
        plan.Max(s => s.End).Should().Be(0x105000, "kernel_end ignores the BSS-only segment");
    }

    [Theory]
    [InlineData(0xFFFFFUL, "*entry point*")]
    [InlineData(Mem, "*entry point*")]
    public void Rejects_entry_points_outside_guest_memory(ulong entry, string message)
    {
        var elf = Image(entry, new Ph(Load, R | X, 0x100000, 0x10, 0x10));
        FluentActions.Invoking(() => ElfLoader.Plan(elf, Mem)).Should().Throw<ElfFormatException>().WithMessage(message);
    }

    public static TheoryData<string, Ph[]> BadSegments => new()
    {
        { "*phdr[0]*below*", [new Ph(Load, R, 0xFF000, 0x10, 0x10)] },
        { "*phdr[1]*ascending*", [new Ph(Load, R, 0x200000, 0x10, 0x10), new Ph(Load, R, 0x100000, 0x10, 0x10)] },
        { "*phdr[0]*power of two*", [new Ph(Load, R, 0x100000, 0x10, 0x10, Align: 0)] },
        { "*phdr[0]*power of two*", [new Ph(Load, R, 0x100000, 0x10, 0x10, Align: 0x1800)] },
        { "*phdr[1]*overlaps*", [new Ph(Load, R, 0x100000, 0x10, 0x2000), new Ph(Load, R, 0x101000, 0x10, 0x10)] },
        { "*phdr[0]*beyond guest memory*", [new Ph(Load, R, Mem, 0x10, 0x10)] },
        { "*phdr[0]*end beyond*", [new Ph(Load, R, 0x100000, 0x10, Mem)] },
        { "*phdr[0]*p_memsz*", [new Ph(Load, R, 0x100000, 0x20, 0x10)] },
        { "*phdr[0]*4 KiB aligned*", [new Ph(Load, R, 0x100000, 0x10, 0x10, Align: 0x10)] },
        { "*phdr[0]*writable and executable*", [new Ph(Load, R | W | X, 0x100000, 0x10, 0x10)] },
    };

    [Theory]
    [MemberData(nameof(BadSegments))]
    public void Rejects_segments_that_break_the_placement_rules(string message, Ph[] segments)
    {
        var elf = Image(0x100000, segments);
        FluentActions.Invoking(() => ElfLoader.Plan(elf, Mem)).Should().Throw<ElfFormatException>()
            .WithMessage("invalid executable: " + message.TrimStart('*'));
    }
}
