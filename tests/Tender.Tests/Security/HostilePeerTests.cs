using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Corpus;
using Solo5Net.Tests.Tender.Support;
using Xunit;
using Xunit.Abstractions;

namespace Solo5Net.Tests.Tender.Security;

/// <summary>
/// A vfio-user server that tries to hang the tender (docs/security.md, "Hostile vfio-user peers"):
/// one that answers every request by peeking at it and never consumes it (the tender's socket buffer
/// fills), and one that stops answering while the guest waits on it. On its own, each run ends with
/// one line in bounded time; SIGTERM in the middle ends it with "Exiting on signal 15" alone. The
/// peers are <see cref="BadVfioUserPeer"/>'s.
/// </summary>
public sealed class HostilePeerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [KvmFact]
    public void A_peer_that_answers_without_consuming_ends_the_run_with_one_line_not_a_hang()
    {
        using var peer = BadVfioUserPeer.Start(BadVfioUserPeer.RuntimePeeks, _dir.Path);
        var r = TenderProcess.Run(["--mem=16", $"--pci-dev:edu0=vfio-user:{peer.SocketPath}", Guests.Path("pci_edu"), "bench"],
            TimeSpan.FromSeconds(120));
        output.WriteLine(r.ToString());
        r.ShouldFailWith("took no more of a");
        r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(r.ToString());
    }

    /// <summary>The order on SIGTERM (docs/security.md, "Resource safety on every way out"): the vCPU of
    /// a guest that waits in POLL again and again is stopped (POLL interrupted, KVM_RUN left), so the
    /// halt hooks run (the PCI module's release says so with --verbose) instead of the process ending
    /// without them.</summary>
    [KvmFact]
    public void Sigterm_stops_the_vcpu_and_then_releases_the_device()
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0");
        using var peer = BadVfioUserPeer.Start(BadVfioUserPeer.Healthy, _dir.Path);
        using var tender = TenderProcess.Start(["--verbose", "--mem=16", $"--block:storage={_dir.NewFile("disk", 4096)}", "--net:service0=tap0",
            $"--pci-dev:edu0=vfio-user:{peer.SocketPath}", Guests.Path("hcall_all"), "spin"], ns);
        tender.WaitForLine("spinning");

        var (exitCode, stderr) = tender.SignalAndWait(15, TimeSpan.FromSeconds(60));

        output.WriteLine(stderr);
        exitCode.Should().Be(1, tender.Describe());
        stderr.Should().Contain($"{TenderProcess.Prefix}Exiting on signal 15\n")
            .And.Contain($"{TenderProcess.Prefix}edu0: released vfio-user:{peer.SocketPath}\n");
    }

    [KvmTheory]
    [InlineData(BadVfioUserPeer.RuntimePeeks)]
    [InlineData(BadVfioUserPeer.RuntimeSilent)]
    public void Sigterm_ends_the_tender_whatever_the_peer_does(string behaviour)
    {
        using var ns = NetNamespace.Create();
        ns.AddTap("tap0");
        using var peer = BadVfioUserPeer.Start(behaviour, _dir.Path);
        using var tender = behaviour == BadVfioUserPeer.RuntimePeeks
            ? TenderProcess.Start(["--mem=16", $"--pci-dev:edu0=vfio-user:{peer.SocketPath}", Guests.Path("pci_edu"), "bench"])
            : TenderProcess.Start(["--mem=16", $"--block:storage={_dir.NewFile("disk", 4096)}", "--net:service0=tap0",
                $"--pci-dev:edu0=vfio-user:{peer.SocketPath}", Guests.Path("hcall_all"),
                "raw", "9", "s", "3", $"0x4{BadVfioUserPeer.GuestProbeOffset:x8}", "0", "0", "0"], ns);
        var attacking = behaviour == BadVfioUserPeer.RuntimePeeks ? peer.PeekedMany : peer.GuestProbed;
        attacking.Wait(TimeSpan.FromSeconds(120)).Should().BeTrue("the guest reached the device\n" + tender.Describe());

        var (exitCode, stderr) = tender.SignalAndWait(15, TimeSpan.FromSeconds(60));

        output.WriteLine(stderr);
        exitCode.Should().Be(1, tender.Describe());
        stderr.Should().Be($"{TenderProcess.Prefix}Exiting on signal 15\n");
    }
}
