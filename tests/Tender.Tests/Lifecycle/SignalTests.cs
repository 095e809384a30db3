using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Corpus;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Lifecycle;

/// <summary>SIGINT/SIGTERM end a running guest with "Exiting on signal N" and exit 1 (docs/hvt-abi.md §8.4).</summary>
public sealed class SignalTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

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

    /// <summary>Set-up can wait long on a device peer (30 s per request): a signal then still ends the
    /// run at once, with the same line and status, while the peer keeps the tender waiting (it never
    /// answers; it is released only after the tender is gone).</summary>
    [KvmTheory]
    [InlineData(2)]
    [InlineData(15)]
    public void A_signal_during_set_up_ends_the_run_while_a_device_peer_keeps_it_waiting(int signal)
    {
        using var peer = BadVfioUserPeer.Start(BadVfioUserPeer.NeverAnswers, _dir.Path);
        using var tender = TenderProcess.Start(["--mem=16", $"--pci-dev:edu0=vfio-user:{peer.SocketPath}", Guests.Path("hcall_all"), "walltime"]);
        peer.FirstRequestReceived.Wait(TimeSpan.FromSeconds(60)).Should().BeTrue(tender.Describe());

        var (exitCode, stderr) = tender.SignalAndWait(signal, TimeSpan.FromSeconds(120));

        exitCode.Should().Be(1, tender.Describe());
        stderr.Should().Be($"{TenderProcess.Prefix}Exiting on signal {signal}\n", "the signal, not the peer's silence, ended the run");
    }

    /// <summary>--gdb waits in set-up for a debugger, for as long as it takes: a signal ends that wait.</summary>
    [KvmFact]
    public void A_signal_ends_the_wait_for_a_debugger()
    {
        var (tender, _) = Gdb.GdbGuestTests.StartTender(Guests.Path("debug"));
        using (tender)
        {
            var (exitCode, stderr) = tender.SignalAndWait(2, TimeSpan.FromSeconds(120));

            exitCode.Should().Be(1, tender.Describe());
            // Contain, not end with: the tender may still be printing its connect hint as the signal comes.
            stderr.Should().Contain($"{TenderProcess.Prefix}Exiting on signal 2\n");
        }
    }

    /// <summary>Issue 18 item 5, no thread that does not serve the guest: while a guest runs, the tender
    /// has its main thread (which waits for the vCPU and reads SIGINT/SIGTERM), the vCPU thread, and the
    /// NativeAOT runtime's finalizer thread, which every such process has; no thread of the runtime's
    /// for signals, none left from set-up.</summary>
    [KvmFact]
    public void A_running_tender_has_only_the_threads_that_serve_the_guest()
    {
        using var tender = TenderProcess.Start([Guests.Path("hcall"), "spin"]);
        tender.WaitForLine("spinning");

        ProcFs.ThreadNames(tender.Pid).Should().BeEquivalentTo(["hvt-tender", "vcpu0", ".NET Finalizer"], tender.Describe());

        tender.SignalAndWait(15).ExitCode.Should().Be(1);
    }

    /// <summary>Besides stdio, /dev/kvm and the runtime's /dev/urandom: the POLL hypercall's epoll,
    /// timer and wake-up, the main thread's wake-up at the guest's end and its signalfd, the VM and
    /// its vCPU. The set-up watch's wake-up exists only while a set-up waits on a peer.</summary>
    [KvmFact]
    public void A_tender_whose_set_up_waits_on_no_peer_holds_only_the_descriptors_its_run_uses()
    {
        using var tender = TenderProcess.Start([Guests.Path("hcall"), "spin"]);
        tender.WaitForLine("spinning");

        var targets = ProcFs.DescriptorTargets(tender.Pid);
        targets.Where(t => t.StartsWith("anon_inode:", StringComparison.Ordinal)).Should().BeEquivalentTo(
            ["anon_inode:[eventpoll]", "anon_inode:[timerfd]", "anon_inode:[eventfd]", "anon_inode:[eventfd]",
             "anon_inode:[signalfd]", "anon_inode:kvm-vm", "anon_inode:kvm-vcpu:0"],
            $"the tender's descriptors: {string.Join(", ", targets)}");

        tender.SignalAndWait(15).ExitCode.Should().Be(1);
    }
}
