using FluentAssertions;
using Solo5Net.Hvt.Modules.Instructions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Instructions;

/// <summary>
/// --insn-count and --insn-profile on real guests whose instruction counts are known from their
/// code: hcloop N runs a 4-instruction loop around one OUT (the hypercall exits to the tender) N
/// times, repcopy N one rep movsb of N bytes. Start-up differs with the digits parsed, so each
/// comparison uses numbers of the same length.
/// </summary>
public class InstructionCountTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);

    private static (ulong Instructions, ulong Steps) Count(TempDir dir, string guest, string argument, params string[] options)
    {
        var path = dir.File($"{guest}-{argument}.count");
        var r = TenderProcess.Run([$"--insn-count={path}", .. options, Guests.Path(guest), argument], Timeout);
        r.ShouldSucceedQuietly();
        return InstructionCountFile.Read(File.ReadAllBytes(path));
    }

    [KvmFact]
    public void Every_instruction_is_counted_the_hypercall_OUT_included()
    {
        using var dir = new TempDir();
        var thousand = Count(dir, "hcloop", "1000");
        var twoThousand = Count(dir, "hcloop", "2000");
        (twoThousand.Instructions - thousand.Instructions).Should().Be(4000);
        thousand.Instructions.Should().BeGreaterThan(4000);
        thousand.Steps.Should().Be(thousand.Instructions, "hcloop has no rep-prefixed instruction");
    }

    [KvmFact]
    public void A_rep_movsb_is_one_instruction_however_many_bytes_it_copies()
    {
        using var dir = new TempDir();
        var short_ = Count(dir, "repcopy", "1000");
        var long_ = Count(dir, "repcopy", "3000");
        long_.Instructions.Should().Be(short_.Instructions);
        (long_.Steps - short_.Steps).Should().Be(2000, "single-stepping traps after every iteration");
    }

    [KvmFact]
    public void The_profile_attributes_each_instruction_to_its_address_and_adds_up_to_the_count()
    {
        using var dir = new TempDir();
        var profilePath = dir.File("hcloop.profile");
        var counts = Count(dir, "hcloop", "1000", $"--insn-profile={profilePath}");
        var profile = InstructionProfile.Parse(File.ReadAllText(profilePath));

        profile.Values.Aggregate(0UL, (sum, n) => sum + n).Should().Be(counts.Instructions);
        var loop = profile.Where(p => p.Value >= 1000).Select(p => p.Key).Order().ToList();
        loop.Should().HaveCount(4, "the loop is four instructions, each run 1000 times:\n" + File.ReadAllText(profilePath));
        (loop[^1] - loop[0]).Should().BeLessThan(32, "the loop's instructions are adjacent");
    }

    [KvmFact]
    public void A_profile_is_written_when_the_tender_ends_the_run_on_a_guest_error_too()
    {
        using var dir = new TempDir();
        var profilePath = dir.File("error.profile");
        var r = TenderProcess.Guest("hcall", [$"--insn-profile={profilePath}"], "struct-beyond");
        r.ExitCode.Should().Be(1, r.ToString());
        InstructionProfile.Parse(File.ReadAllText(profilePath)).Should().NotBeEmpty();
    }

    [KvmFact]
    public void A_triple_fault_while_counting_names_the_instruction_that_faulted()
    {
        using var dir = new TempDir();
        var r = TenderProcess.Guest("hcall", [$"--insn-count={dir.File("fault.count")}"], "zeropage");
        r.ShouldFailWith("KVM: unhandled exit: exit_reason=0x8");
        const string Marker = "last stepped at 0x";
        var at = r.Stderr.IndexOf(Marker, StringComparison.Ordinal);
        at.Should().BeGreaterThan(0, r.ToString());
        var pc = Convert.ToUInt64(new string(r.Stderr[(at + Marker.Length)..].TakeWhile(Uri.IsHexDigit).ToArray()), 16);
        pc.Should().BeInRange(0x100000UL, 0x1FFFFFUL, "the store to page zero is in .text");
    }

    [KvmFact]
    public void A_file_that_cannot_be_opened_is_named()
    {
        TenderProcess.Guest("quiet", ["--insn-count=/nonexistent/dir/counts"])
            .ShouldFailWith("insn: cannot open /nonexistent/dir/counts: No such file or directory");
        TenderProcess.Guest("quiet", ["--insn-profile=/nonexistent/dir/profile"])
            .ShouldFailWith("insn: cannot open /nonexistent/dir/profile: No such file or directory");
    }

    [KvmTheory]
    [InlineData("--insn-count=")]
    [InlineData("--insn-profile=")]
    [InlineData("--insn-counts=x")]
    public void A_malformed_option_is_named(string option)
    {
        TenderProcess.Guest("quiet", [option]).ShouldFailWith(option);
    }

    [KvmFact]
    public void Counting_and_gdb_are_refused_together_before_gdb_waits()
    {
        using var dir = new TempDir();
        TenderProcess.Run([$"--insn-count={dir.File("c")}", "--gdb", "--gdb-port=1", Guests.Path("quiet")], TimeSpan.FromSeconds(60))
            .ShouldFailWith("--gdb cannot be used with --insn-count: one debugger per run");
    }
}
