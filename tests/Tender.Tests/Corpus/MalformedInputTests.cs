using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;
using Xunit.Abstractions;

namespace Solo5Net.Tests.Tender.Corpus;

/// <summary>
/// The malformed-input corpus, one test line per case, each run through the real hvt-tender
/// process: images (<see cref="ImageCorpus"/>), command lines (<see cref="OptionCorpus"/>) and
/// vfio-user peers (<see cref="BadVfioUserPeer"/>). Every case ends with exit status 1 and one
/// clean "hvt-tender: " diagnostic (two for an option: its message and "Invalid option"), no trace.
/// </summary>
public sealed class MalformedInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static IEnumerable<object[]> Images => ImageCorpus.Names;
    public static IEnumerable<object[]> Options => OptionCorpus.Names;
    public static IEnumerable<object[]> Peers => BadVfioUserPeer.Names;
    public static IEnumerable<object[]> RuntimePeers => BadVfioUserPeer.RuntimeNames;

    [KvmTheory]
    [MemberData(nameof(Images))]
    public void Malformed_image(string name)
    {
        var path = _dir.Write(name + ".hvt", ImageCorpus.Image(name));
        Report(TenderProcess.Run(["--mem=16", path], TimeSpan.FromSeconds(30))).ShouldFailCleanly(name);
    }

    [KvmTheory]
    [InlineData("truncated-at-64")]
    [InlineData("load-overlapping")]
    [InlineData("mft-note-descsz-max")]
    [InlineData("manifest-entries-65")]
    public void Malformed_image_with_verbose(string name)
    {
        var path = _dir.Write(name + ".hvt", ImageCorpus.Image(name));
        TenderProcess.Run(["--verbose", "--mem=16", path], TimeSpan.FromSeconds(30)).ShouldFailVerbosely(name);
    }

    [KvmTheory]
    [MemberData(nameof(Options))]
    public void Malformed_command_line(string name)
    {
        var c = OptionCorpus.Get(name);
        using var ns = NetNamespace.Create();
        ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
        ns.AddTap("tap0");
        var files = new Dictionary<string, string>
        {
            ["DISK"] = _dir.NewFile("disk", 64 * 1024),
            ["ODD"] = _dir.NewFile("odd", 1000),
            ["EMPTY"] = _dir.NewFile("empty", 0),
            ["DIR"] = _dir.Path,
            ["IMAGE"] = Guests.Path(c.Image),
        };
        var args = c.Args.Select(a => files.Aggregate(a, (s, f) => s.Replace(f.Key, f.Value))).ToArray();
        Report(ns.RunTool("hvt-tender", args, TimeSpan.FromSeconds(30))).ShouldFailCleanly($"{name}: {string.Join(' ', args)}", c.MaxLines);
    }

    [KvmTheory]
    [MemberData(nameof(Peers))]
    public void Misbehaving_vfio_user_peer(string behaviour)
    {
        using var peer = BadVfioUserPeer.Start(behaviour, _dir.Path);
        var r = Report(TenderProcess.Run(["--mem=16", $"--pci-dev:edu0=vfio-user:{peer.SocketPath}", Guests.Path("hcall_all"), "walltime"],
            TimeSpan.FromSeconds(90)));
        r.ShouldFailCleanly(behaviour);
        if (behaviour == BadVfioUserPeer.NeverAnswers)
            ReplyBoundMs(r).Should().BeInRange(5001, 30_000, "set-up waits longer than a running guest's access does");
    }

    /// <summary>The bound the tender names in "no message within N ms" (what was left of it when it
    /// began to wait, so at most the bound itself).</summary>
    private static int ReplyBoundMs(ProcessResult r)
    {
        const string Marker = "no message within ";
        int at = r.Stderr.IndexOf(Marker, StringComparison.Ordinal);
        at.Should().BeGreaterThanOrEqualTo(0, r.ToString());
        return int.Parse(new string(r.Stderr[(at + Marker.Length)..].TakeWhile(char.IsAsciiDigit).ToArray()));
    }

    /// <summary>A server may be slow to give its first answer (just started, a loaded or emulated
    /// machine): set-up waits for it longer than for a running guest's accesses, and the guest boots.</summary>
    [KvmFact]
    public void A_peer_slow_to_answer_during_set_up_is_waited_for() =>
        RunWithPeer(BadVfioUserPeer.SlowFirstAnswer, "walltime").ShouldSucceedQuietly();

    /// <summary>Shows what the tender said (the test log then reads as the corpus's error catalogue).</summary>
    private ProcessResult Report(ProcessResult r)
    {
        output.WriteLine(r.Stderr.TrimEnd());
        return r;
    }

    /// <summary>The control for the peer cases: answered well, the same command line boots.</summary>
    [KvmFact]
    public void A_well_behaved_peer_lets_the_guest_boot() => RunWithPeer(BadVfioUserPeer.Healthy, "walltime").ShouldSucceedQuietly();

    /// <summary>The peer breaks while the guest runs (hypercall 9 at the probe offset): the tender
    /// ends with one line naming the device, not with a trace or a hang.</summary>
    [KvmTheory]
    [MemberData(nameof(RuntimePeers))]
    public void Vfio_user_peer_breaking_while_the_guest_runs(string behaviour)
    {
        var r = Report(RunWithPeer(behaviour, "raw", "9", "s", "3", $"0x4{BadVfioUserPeer.GuestProbeOffset:x8}", "0", "0", "0"));
        r.ShouldFailCleanly(behaviour);
        if (behaviour == BadVfioUserPeer.RuntimeSilent)
            ReplyBoundMs(r).Should().BeLessThanOrEqualTo(5000, "a running guest's access waits at most 5 s for the device");
    }

    /// <summary>hcall_all with every device attached, edu0 served by a <paramref name="behaviour"/> peer.</summary>
    private ProcessResult RunWithPeer(string behaviour, params string[] guestArgs)
    {
        using var ns = NetNamespace.Create();
        ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
        ns.AddTap("tap0");
        using var peer = BadVfioUserPeer.Start(behaviour, _dir.Path);
        return ns.RunTool("hvt-tender", ["--mem=16", $"--block:storage={_dir.NewFile("disk", 4096)}", "--net:service0=tap0",
            $"--pci-dev:edu0=vfio-user:{peer.SocketPath}", Guests.Path("hcall_all"), .. guestArgs], TimeSpan.FromSeconds(60));
    }
}
