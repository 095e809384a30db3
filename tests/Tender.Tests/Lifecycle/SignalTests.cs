using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Lifecycle;

/// <summary>SIGINT/SIGTERM end a running guest with "Exiting on signal N" and exit 1 (docs/hvt-abi.md §8.4).</summary>
public class SignalTests
{
    [KvmTheory]
    [InlineData(15)]
    [InlineData(2)]
    public void A_signal_ends_the_guest_with_exit_1(int signal)
    {
        using var tender = TenderProcess.Start([Guests.Path("hcall"), "spin"]);
        tender.WaitForLine("spinning");
        var (exitCode, stderr) = tender.SignalAndWait(signal);
        exitCode.Should().Be(1);
        stderr.Should().Be($"{TenderProcess.Prefix}Exiting on signal {signal}\n");
    }

    [KvmFact]
    public void Sigint_ends_the_guest_even_when_the_tender_inherited_it_ignored()
    {
        using var tender = TenderProcess.Start([Guests.Path("hcall"), "spin"], sigintIgnored: true);
        tender.WaitForLine("spinning");
        var (exitCode, stderr) = tender.SignalAndWait(2);
        exitCode.Should().Be(1);
        stderr.Should().Be($"{TenderProcess.Prefix}Exiting on signal 2\n");
    }

    [KvmFact]
    public void Sigterm_stops_the_ring_io_thread_and_exits_cleanly()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0");
        using var tender = TenderProcess.Start(["--net:service0=tap0", Guests.Path("net"), "ring", "1000"], ns);
        tender.WaitForLine("using ring I/O");
        var (exitCode, stderr) = tender.SignalAndWait(15);
        exitCode.Should().Be(1);
        stderr.Should().Be($"{TenderProcess.Prefix}Exiting on signal 15\n");
    }
}
