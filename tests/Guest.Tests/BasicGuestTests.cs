using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Guest;

/// <summary>The Solo5 test suite's basic cases, as C# unikernels, on the real tender and KVM.</summary>
public sealed class BasicGuestTests
{
    [KvmFact]
    public void Hello_receives_its_command_line_exactly()
    {
        var r = GuestImages.Run("hello", guestArgs: ["Hello_Solo5"]);
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("Command line is: 'Hello_Solo5'").And.Contain("SUCCESS");
        r.Stdout.Should().Contain("Solo5: Memory map:").And.Contain("Solo5: solo5_exit(0) called");
    }

    [KvmFact]
    public void Hello_with_another_command_line_fails()
    {
        var r = GuestImages.Run("hello", guestArgs: ["Hello", "World"]);
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stdout.Should().Contain("Command line is: 'Hello World'").And.Contain("FAILURE");
    }

    [KvmFact]
    public void Command_line_is_decoded_as_utf8()
    {
        var r = GuestImages.Run("hello", guestArgs: ["grüße", "€"]);
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stdout.Should().Contain("Command line is: 'grüße €'");
    }

    [KvmFact]
    public void Quiet_prints_nothing_prefixed_Solo5()
    {
        var r = GuestImages.Run("quiet", guestArgs: ["--solo5:quiet"]);
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("SUCCESS");
        r.Output.Should().NotContain("Solo5:");
    }

    [KvmTheory]
    [InlineData("--solo5:debug", true)]
    [InlineData("--solo5:info", true)]
    [InlineData("--solo5:warn", false)]
    [InlineData("--solo5:error", false)]
    public void Log_level_option_controls_the_banner(string option, bool banner)
    {
        var r = GuestImages.Run("quiet", guestArgs: [option]);
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Contains("Solo5: Memory map:").Should().Be(banner, r.ToString());
    }

    [KvmFact]
    public void Unknown_solo5_option_is_reported_and_removed()
    {
        var r = GuestImages.Run("quiet", guestArgs: ["--solo5:verbose"]);
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("Solo5: unknown option ignored: --solo5:verbose").And.Contain("SUCCESS");
    }

    [KvmFact]
    public void Runs_in_the_smallest_memory_the_tender_allows()
    {
        var r = GuestImages.Run("features", tenderOptions: ["--mem=2"], guestArgs: ["--solo5:quiet"]);
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("SUCCESS");
    }

    [KvmFact]
    public void Output_writes_4_KiB_in_one_call()
    {
        var r = GuestImages.Run("output");
        r.ExitCode.Should().Be(0, r.ToString());
        var lines = r.Stdout.Split('\n').Where(l => l.Length == 63 && l.All(c => c is >= 'A' and <= 'Z')).ToList();
        lines.Should().HaveCount(64);
        lines[0].Should().StartWith("ABCDEFG");
        lines[1].Should().StartWith("BCDEFGH");
    }

    [KvmFact]
    public void Globals_data_is_loaded_writable_and_static_constructors_run_once()
    {
        var r = GuestImages.Run("globals");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("SUCCESS").And.NotContain("RUCCESS");
    }

    [KvmFact]
    public void Write_to_unmapped_memory_traps_and_aborts()
    {
        var r = GuestImages.Run("exception");
        r.ExitCode.Should().Be(255, r.ToString());
        r.Stdout.Should().MatchRegex(@"Solo5: trap: type=#PF ec=0x[0-9a-f]+ rip=0x[0-9a-f]+ rsp=0x[0-9a-f]+ rflags=0x[0-9a-f]+");
        r.Stdout.Should().Contain("Solo5: trap: cr2=0x400000000").And.Contain("Solo5: ABORT: Fatal trap");
    }

    [KvmFact]
    public void Write_to_the_zero_page_traps_and_aborts()
    {
        var r = GuestImages.Run("zeropage");
        r.ExitCode.Should().Be(255, r.ToString());
        r.Stdout.Should().Contain("type=#PF").And.Contain("Solo5: trap: cr2=0x8\n").And.Contain("ABORT");
    }

    [KvmFact]
    public void Trap_passes_the_trap_frame_as_halt_cookie_to_dumpcore()
    {
        var dir = Directory.CreateTempSubdirectory("guest-core");
        try
        {
            var r = GuestImages.Run("zeropage", tenderOptions: [$"--dumpcore={dir.FullName}"]);
            r.ExitCode.Should().Be(255, r.ToString());
            dir.GetFiles("core.*").Should().ContainSingle(r.ToString());
        }
        finally { dir.Delete(true); }
    }

    [KvmFact]
    public void Abort_exits_255()
    {
        var r = GuestImages.Run("abort");
        r.ExitCode.Should().Be(255, r.ToString());
        r.Stdout.Should().Contain("Solo5: solo5_abort() called");
    }

    [KvmFact]
    public void Time_yield_sleeps_until_the_deadline_and_wall_clock_is_sane()
    {
        var r = GuestImages.Run("time");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("SUCCESS");
    }
}
