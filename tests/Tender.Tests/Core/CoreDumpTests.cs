using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Dumpcore;
using Solo5Net.Interop;

namespace Solo5Net.Tests.Tender.Core;

public class CoreDumpTests
{
    [Fact]
    public void Headers_describe_an_x86_64_standalone_core_with_prstatus_and_one_load()
    {
        var regs = Enumerable.Range(1, 27).Select(i => (ulong)i).ToArray();
        var h = CoreDump.EncodeHeaders(0x4000000, [], regs, 4242, out var loadOffset);
        loadOffset.Should().Be(0x1000);
        Convert.ToHexString(h.AsSpan(0, 8)).Should().Be("7F454C46020101FF");
        BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(16)).Should().Be(4, "ET_CORE");
        BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(18)).Should().Be(62);
        BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(56)).Should().Be(2);

        var note = h.AsSpan(64, 56);
        BinaryPrimitives.ReadUInt32LittleEndian(note).Should().Be(4);
        BinaryPrimitives.ReadUInt64LittleEndian(note[8..]).Should().Be(176);
        BinaryPrimitives.ReadUInt64LittleEndian(note[32..]).Should().Be(12 + 8 + 336);

        var load = h.AsSpan(120, 56);
        BinaryPrimitives.ReadUInt32LittleEndian(load).Should().Be(1);
        BinaryPrimitives.ReadUInt64LittleEndian(load[8..]).Should().Be(0x1000);
        BinaryPrimitives.ReadUInt64LittleEndian(load[16..]).Should().Be(0, "vaddr 0");
        BinaryPrimitives.ReadUInt64LittleEndian(load[32..]).Should().Be(0x4000000);

        var n = h.AsSpan(176);
        (BinaryPrimitives.ReadUInt32LittleEndian(n), BinaryPrimitives.ReadUInt32LittleEndian(n[4..]), BinaryPrimitives.ReadUInt32LittleEndian(n[8..]))
            .Should().Be((5u, 336u, 1u));
        System.Text.Encoding.ASCII.GetString(n.Slice(12, 8)).Should().Be("CORE\0\0\0\0");
        var prstatus = n[20..];
        BinaryPrimitives.ReadInt32LittleEndian(prstatus[32..]).Should().Be(4242);
        BinaryPrimitives.ReadUInt64LittleEndian(prstatus[112..]).Should().Be(1, "r15 first");
        BinaryPrimitives.ReadUInt64LittleEndian(prstatus[(112 + 16 * 8)..]).Should().Be(17, "rip is register 16");
    }

    [Fact]
    public void Each_added_window_is_a_load_at_its_gpa_stored_after_guest_ram_and_the_windows_before_it()
    {
        var h = CoreDump.EncodeHeaders(0x200000, [(0x1_0000_0000UL, 0x10000UL), (0x1_0040_0000UL, 0x3000UL)], new ulong[27], 1, out var loadOffset);
        loadOffset.Should().Be(0x1000, "headers and the note still fit one page");
        BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(56)).Should().Be(4, "PT_NOTE, guest RAM, two windows");
        var note = h.AsSpan(64, 56);
        BinaryPrimitives.ReadUInt64LittleEndian(note[8..]).Should().Be(64 + 4 * 56, "the note follows the program headers");

        (ulong Offset, ulong VAddr, ulong PAddr, ulong FileSize, ulong MemSize) Load(int index)
        {
            var p = h.AsSpan(64 + 56 * index, 56);
            BinaryPrimitives.ReadUInt32LittleEndian(p).Should().Be(1, "PT_LOAD");
            return (BinaryPrimitives.ReadUInt64LittleEndian(p[8..]), BinaryPrimitives.ReadUInt64LittleEndian(p[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[24..]), BinaryPrimitives.ReadUInt64LittleEndian(p[32..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[40..]));
        }
        Load(1).Should().Be((0x1000UL, 0UL, 0UL, 0x200000UL, 0x200000UL));
        Load(2).Should().Be((0x201000UL, 0x1_0000_0000UL, 0x1_0000_0000UL, 0x10000UL, 0x10000UL));
        Load(3).Should().Be((0x211000UL, 0x1_0040_0000UL, 0x1_0040_0000UL, 0x3000UL, 0x3000UL));
    }

    [Fact]
    public void A_trap_frame_cookie_overrides_rip_cs_rflags_rsp_ss()
    {
        var frame = new byte[56];
        for (int i = 0; i < 7; i++) BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(8 * i), 0x100UL + (ulong)i);
        var regs = CoreDump.UserRegisters(new KvmRegs { Rip = 1, Rsp = 2 }, new KvmSregs(), frame);
        (regs[16], regs[17], regs[18], regs[19], regs[20]).Should().Be((0x102UL, 0x103UL, 0x104UL, 0x105UL, 0x106UL));
        CoreDump.UserRegisters(new KvmRegs { Rip = 1, Rsp = 2 }, new KvmSregs(), default)[16].Should().Be(1);
    }
}
