using FluentAssertions;
using Solo5Net.Hvt;

namespace Solo5Net.Tests.Tender.Core;

public class BootLayoutTests
{
    [Fact]
    public void Bootstrap_gdt_holds_null_code_and_data_descriptors()
    {
        var page = new byte[0x1000];
        Array.Fill(page, (byte)0xEE);
        BootstrapGdt.Write(page);
        Convert.ToHexString(page.AsSpan(0, 24)).Should().Be("0000000000000000" + "FFFF00000099AF00" + "FFFF00000093CF00");
        page.AsSpan(24).ToArray().Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void Entry_state_matches_the_hvt_abi()
    {
        var s = VcpuState.SpecialRegisters();
        (s.Cr0, s.Cr3, s.Cr4, s.Efer, s.ApicBase).Should().Be((0x80010021UL, 0x2000UL, 0x620UL, 0x500UL, 0UL));
        (s.Gdt.Base, s.Gdt.Limit, s.Idt.Base, s.Idt.Limit).Should().Be((0x1000UL, (ushort)0x17, 0UL, (ushort)0));
        (s.Cs.Selector, s.Cs.Type, s.Cs.L, s.Cs.Db, s.Cs.G, s.Cs.S, s.Cs.Present).Should().Be(((ushort)8, (byte)9, (byte)1, (byte)0, (byte)1, (byte)1, (byte)1));
        foreach (var d in new[] { s.Ds, s.Es, s.Fs, s.Gs, s.Ss })
            (d.Selector, d.Type, d.Db, d.L, d.Limit).Should().Be(((ushort)0x10, (byte)3, (byte)1, (byte)0, 0xFFFFFFFFu));
        (s.Tr.Type, s.Tr.Present, s.Ldt.Unusable).Should().Be(((byte)11, (byte)1, (byte)1));

        var r = VcpuState.GeneralRegisters(0x100123, 0x4000000);
        (r.Rip, r.Rsp, r.Rdi, r.Rflags, r.Rax).Should().Be((0x100123UL, 0x3FFFFF8UL, 0x10000UL, 2UL, 0UL));
    }
}
