using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Lifecycle;

/// <summary>Process exit code = HALT status &amp; 0xFF, and nothing printed (docs/hvt-abi.md §4.4, §8.4).</summary>
public class ExitCodeTests
{
    [KvmTheory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("255", 255)]
    [InlineData("300", 44)]
    [InlineData("-1", 255)]
    [InlineData("0x100", 0)]
    public void Halt_status_becomes_the_exit_code_modulo_256(string status, int exitCode)
    {
        var r = TenderProcess.Guest("hcall", [], "halt", status);
        r.ShouldExitWith(exitCode);
        r.Output.Should().BeEmpty();
    }

    [KvmFact]
    public void Returning_from_the_guest_main_halts_with_its_value()
    {
        TenderProcess.Guest("hcall", [], "no-such-scenario").ShouldExitWith(3);
    }
}
