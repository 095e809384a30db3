using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.CBindings;

/// <summary>The Solo5 API test programs (tests/guests/solo5, written against solo5.h alone and built
/// with the installed toolchain and gen-manifest) on hvt-tender, with the C bindings' own output:
/// banner, exit line, trap reports (docs/hvt-abi.md §9.3).</summary>
public class Solo5ApiGuestTests
{
    private static void Succeeded(ProcessResult r, string test)
    {
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Contain($"**** Solo5 standalone {test} ****").And.Contain("\nSUCCESS\n")
            .And.EndWith("Solo5: solo5_exit(0) called\n");
    }

    private static void Aborted(ProcessResult r, string test)
    {
        r.ShouldExitWith(255);
        r.Stderr.Should().BeEmpty();
        r.Stdout.Should().Contain($"**** Solo5 standalone {test} ****").And.NotContain("FAILURE");
    }

    [KvmFact]
    public void Hello_prints_the_banner_and_its_command_line_then_exits_0()
    {
        var r = TenderProcess.Guest("test_hello", [], "one", "two");
        Succeeded(r, "test_hello");
        r.Stdout.Should().StartWith("Solo5: Solo5Net C bindings, hvt ABI 2\nSolo5: Memory map: ");
        r.Stdout.Should().Contain("Solo5:       text @ (0x100000 - 0x").And.Contain("Solo5:       heap >= 0x");
        r.Stdout.Should().Contain("Hello, World\nCommand line is: 'one two'\n");
    }

    [KvmFact]
    public void Solo5_options_are_taken_off_the_command_line_and_quiet_silences_the_bindings()
    {
        var r = TenderProcess.Guest("test_hello", [], "--solo5:quiet", "one");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Be("\n**** Solo5 standalone test_hello ****\n\nHello, World\nCommand line is: 'one'\nSUCCESS\n");

        var unknown = TenderProcess.Guest("test_hello", [], "--solo5:loud", "x");
        unknown.Stdout.Should().Contain("Solo5: unknown option ignored: --solo5:loud\n").And.Contain("Command line is: 'x'");
    }

    [KvmTheory]
    [InlineData("test_globals")]
    [InlineData("test_tls")]
    [InlineData("test_time")]
    public void A_test_program_passes(string test) => Succeeded(TenderProcess.Guest(test), test);

    [KvmFact]
    public void An_invalid_opcode_is_reported_as_a_trap_and_aborts()
    {
        var r = TenderProcess.Guest("test_exception");
        Aborted(r, "test_exception");
        r.Stdout.Should().MatchRegex(@"Solo5: trap: type=#UD ec=0x0 rip=0x1[0-9a-f]{5} rsp=0x[0-9a-f]+ rflags=0x[0-9a-f]+\nSolo5: ABORT: Fatal trap\n$");
    }

    [KvmFact]
    public void A_write_to_page_zero_is_reported_with_its_address_and_aborts()
    {
        var r = TenderProcess.Guest("test_zeropage");
        Aborted(r, "test_zeropage");
        r.Stdout.Should().Contain("Solo5: trap: type=#PF ec=0x2 ").And.EndWith("Solo5: trap: cr2=0x8\nSolo5: ABORT: Fatal trap\n");
    }

    [KvmFact]
    public void A_trap_halts_with_the_trap_frame_as_cookie_so_dumpcore_writes_a_core()
    {
        using var dir = new TempDir();
        var r = TenderProcess.Guest("test_zeropage", [$"--dumpcore={dir.Path}"]);
        r.ExitCode.Should().Be(255, r.ToString());
        Directory.GetFiles(dir.Path, "core.solo5-hvt.*").Should().ContainSingle();
    }

    [KvmFact]
    public void A_smashed_stack_is_caught_by_the_stack_protector()
    {
        var r = TenderProcess.Guest("test_ssp");
        Aborted(r, "test_ssp");
        r.Stdout.Should().EndWith("Solo5: ABORT: Stack corruption detected\n");
    }

    [KvmFact]
    public void Block_io_round_trips_every_block_and_refuses_what_the_api_forbids()
    {
        using var dir = new TempDir();
        var disk = dir.NewFile("disk.img", 64 * 1024, fill: 0xEE);
        var r = TenderProcess.Guest("test_blk", [$"--block:storage={disk}"]);
        Succeeded(r, "test_blk");
        r.Stdout.Should().Contain("blocks: 128\n");
        var bytes = File.ReadAllBytes(disk);
        bytes[512 * 5 + 3].Should().Be((byte)('0' + (5 + 3) % 64), "block 5 byte 3 was written through solo5_block_write");
    }

    [KvmFact]
    public void Net_answers_arp_and_ping_through_the_bindings()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0", "10.0.0.1/24");
        // The bindings use ring I/O whenever the tender offers it (KVM with ioeventfds); --solo5:debug says so.
        var tender = Task.Run(() => ns.RunTool("hvt-tender", ["--mem=64", "--net:service0=tap0", Guests.Path("test_net"), "--solo5:debug", "3"],
            TimeSpan.FromSeconds(90)));
        var ping = ns.Run("ping", ["-n", "-c", "3", "-w", "60", "-i", "0.2", "10.0.0.2"], TimeSpan.FromSeconds(75));
        var r = tender.Result;
        ping.ExitCode.Should().Be(0, ping.ToString() + r);
        Succeeded(r, "test_net");
        r.Stdout.Should().Contain("Serving 10.0.0.2\n").And.Contain("replied to 3 echo requests\nSUCCESS\n");
        r.Stdout.Should().Contain("Solo5: net: ring I/O\n", "the tender offers the ring and the bindings take it");
    }
}
