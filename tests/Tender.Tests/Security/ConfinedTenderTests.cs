using FluentAssertions;
using Solo5Net.Hvt.Security;
using Solo5Net.Hvt.Tender;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;
using Xunit;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>A running tender is confined by seccomp on every thread; --no-seccomp says loudly that it is not.</summary>
public class ConfinedTenderTests
{
    private static string[] PollingGuest(params string[] options) => [.. options, Guests.Path("hcall"), "poll-wait"];

    [KvmFact]
    public void Every_thread_of_a_running_tender_is_in_seccomp_filter_mode()
    {
        using var tender = TenderProcess.Start(PollingGuest());
        tender.WaitForLine("polling");

        var status = tender.Status();
        status["Seccomp"].Should().Be("2");
        status["NoNewPrivs"].Should().Be("1");
        var threads = tender.Threads();
        threads.Count.Should().BeGreaterThan(1, "the runtime has threads of its own");
        foreach (var thread in threads)
            tender.Status(thread)["Seccomp"].Should().Be("2", $"thread {thread} must be confined too (TSYNC)");

        var (exitCode, stderr) = tender.SignalAndWait(15);
        exitCode.Should().Be(1);
        stderr.Should().Be($"{TenderProcess.Prefix}Exiting on signal 15\n");
    }

    /// <summary>The filters the kernel holds for the running tender are, instruction for instruction,
    /// the ones the policy compiles to (whose behaviour SeccompPolicyTests and SeccompProbeTests
    /// check): on the main thread its role's filter over the process's, on the vCPU thread the vCPU's.</summary>
    [KvmTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_running_tender_holds_exactly_the_compiled_filters(bool dumpcore)
    {
        using var cores = new TempDir();
        using var tender = TenderProcess.Start(dumpcore ? PollingGuest($"--dumpcore={cores.Path}") : PollingGuest());
        tender.WaitForLine("polling");
        var policy = SeccompPolicy.ForTender(tender.Pid, allowExecutableMemory: false);
        int vcpu = tender.Threads().Single(t => tender.Status(t)["Name"] == "vcpu0");

        // PTRACE_SECCOMP_GET_FILTER counts from the oldest filter: 0 is the process's, 1 the role's.
        ReadFilter(tender.Pid, 0).Should().Equal(SeccompFilterCompiler.Compile(policy), "the process's");
        ReadFilter(tender.Pid, 1).Should().Equal(SeccompFilterCompiler.Compile(policy, ThreadRoles.Main), "the main thread's own");
        ReadFilter(vcpu, 0).Should().Equal(SeccompFilterCompiler.Compile(policy), "the process's");
        ReadFilter(vcpu, 1).Should().Equal(SeccompFilterCompiler.Compile(policy, ThreadRoles.Vcpu), "the vCPU thread's own");
        tender.Status()["State"].Should().NotStartWith("t", "the tender runs on after the read");
        tender.SignalAndWait(15).ExitCode.Should().Be(1);
    }

    private static SockFilter[] ReadFilter(int thread, int index)
    {
        var read = ProcessRunner.RunTool("seccomp-probe", ["--read-filter", thread.ToString(), index.ToString()], TimeSpan.FromSeconds(60));
        read.ExitCode.Should().Be(0, read.ToString());
        return read.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseInstruction).ToArray();
    }

    private static SockFilter ParseInstruction(string line)
    {
        var f = line.Split(' ');
        return new SockFilter(Convert.ToUInt16(f[0], 16), Convert.ToByte(f[1], 16), Convert.ToByte(f[2], 16), Convert.ToUInt32(f[3], 16));
    }

    [KvmFact]
    public void No_seccomp_leaves_the_tender_unconfined_and_warns()
    {
        using var tender = TenderProcess.Start(PollingGuest("--no-seccomp"));
        tender.WaitForLine("polling");

        tender.Status()["Seccomp"].Should().Be("0");

        var (exitCode, stderr) = tender.SignalAndWait(15);
        exitCode.Should().Be(1);
        stderr.Should().Be($"{TenderProcess.Prefix}{TenderProgram.SeccompDisabledWarning}\n{TenderProcess.Prefix}Exiting on signal 15\n");
    }

    [KvmFact]
    public void A_guest_runs_to_completion_the_same_way_confined_or_not()
    {
        var confined = TenderProcess.Guest("hello", [], "a", "b");
        var unconfined = TenderProcess.Guest("hello", ["--no-seccomp"], "a", "b");
        confined.ShouldSucceedQuietly();
        unconfined.ShouldExitWith(0);
        unconfined.Stdout.Should().Be(confined.Stdout);
        unconfined.Stderr.Should().Be($"{TenderProcess.Prefix}{TenderProgram.SeccompDisabledWarning}\n");
    }

    [Fact]
    public void Help_lists_no_seccomp()
    {
        var r = TenderProcess.Run("--help");
        r.Stderr.Should().Contain("--no-seccomp");
    }

    /// <summary>The published tender is native: no runtime debugger pipes or diagnostics socket
    /// (CoreCLR's, which a confined process could not remove) appear in TMPDIR, confined or not.</summary>
    [KvmFact]
    public void A_tender_leaves_nothing_in_TMPDIR_while_the_guest_runs_or_after()
    {
        using var tmp = new TempDir();
        foreach (var confinement in new[] { "--no-seccomp", null })
        {
            string[] args = confinement is null ? PollingGuest() : PollingGuest(confinement);
            using var tender = TenderProcess.Start(args, env: new Dictionary<string, string> { ["TMPDIR"] = tmp.Path });
            tender.WaitForLine("polling");
            Directory.GetFileSystemEntries(tmp.Path).Should().BeEmpty(confinement ?? "confined");
            tender.SignalAndWait(15).ExitCode.Should().Be(1);
            Directory.GetFileSystemEntries(tmp.Path).Should().BeEmpty(confinement ?? "confined");
        }
    }
}
