using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Faults;

/// <summary>Whatever a guest does, the tender ends it with exit 1 and one clear line (docs/hvt-abi.md §2.6).
/// The test guests install no IDT, so a guest #PF becomes a triple fault (KVM shutdown exit).</summary>
public class GuestFaultTests
{
    [KvmFact]
    public void Write_to_text_is_a_host_guest_translation_fault_at_the_writing_instruction()
    {
        var r = TenderProcess.Guest("hcall", [], "text");
        r.ShouldFailWith("KVM: host/guest translation fault: rip=0x");
        RipOf(r).Should().BeInRange(0x100000UL, 0x1FFFFFUL, "the store instruction is in .text");
    }

    [KvmFact]
    public void Write_to_rodata_is_a_host_guest_translation_fault()
    {
        TenderProcess.Guest("hcall", [], "rodata").ShouldFailWith("KVM: host/guest translation fault: rip=0x");
    }

    [KvmFact]
    public void Hlt_is_an_unhandled_exit()
    {
        TenderProcess.Guest("hcall", [], "hlt").ShouldFailWith("KVM: unhandled exit: exit_reason=0x5, rip=0x");
    }

    [KvmTheory]
    [InlineData("zeropage")]
    [InlineData("bootinfo-write")]
    [InlineData("unmapped")]
    public void Page_faults_without_a_guest_idt_end_the_guest_with_exit_1(string scenario)
    {
        TenderProcess.Guest("hcall", [], scenario).ShouldFailWith("KVM: unhandled exit: exit_reason=0x8");
    }

    private static ulong RipOf(ProcessResult r)
    {
        var at = r.Stderr.IndexOf("rip=0x", StringComparison.Ordinal) + 6;
        var hex = new string(r.Stderr[at..].TakeWhile(Uri.IsHexDigit).ToArray());
        return Convert.ToUInt64(hex, 16);
    }
}
