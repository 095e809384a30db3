using FluentAssertions;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Support;

/// <summary>Runs hvt-tender as a process, the way an operator does, and checks what it printed.</summary>
public static class TenderProcess
{
    public const string Prefix = "hvt-tender: ";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static ProcessResult Run(params string[] args) => Run(args, DefaultTimeout);

    public static ProcessResult Run(IEnumerable<string> args, TimeSpan timeout) =>
        ProcessRunner.RunTool("hvt-tender", args, timeout);

    /// <summary>Runs a test guest: tender options, then the image, then the guest's command line.</summary>
    public static ProcessResult Guest(string guest, string[] options, params string[] guestArgs) =>
        Run([.. options, Guests.Path(guest), .. guestArgs]);

    public static ProcessResult Guest(string guest) => Guest(guest, []);

    /// <summary>Starts the tender in the background, for tests that signal it or look at it from
    /// outside while the guest runs (see <see cref="BackgroundProcess.Start"/> for the options).</summary>
    public static BackgroundProcess Start(IEnumerable<string> args, NetNamespace? ns = null,
        IDictionary<string, string>? env = null, bool sigintIgnored = false) =>
        BackgroundProcess.StartTool("hvt-tender", args, ns, env, sigintIgnored);

    /// <summary>The tender failed the way Solo5 tenders fail: exit 1, one diagnostic naming the
    /// culprit, never a .NET exception trace, never a hang.</summary>
    public static void ShouldFailWith(this ProcessResult r, string message)
    {
        r.TimedOut.Should().BeFalse(r.ToString());
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stderr.Should().Contain(message, r.ToString());
        r.ShouldHaveNoTrace();
    }

    public static void ShouldExitWith(this ProcessResult r, int code)
    {
        r.TimedOut.Should().BeFalse(r.ToString());
        r.ExitCode.Should().Be(code, r.ToString());
        r.ShouldHaveNoTrace();
    }

    /// <summary>A successful run: exit 0 and the tender itself printed nothing.</summary>
    public static void ShouldSucceedQuietly(this ProcessResult r)
    {
        r.ShouldExitWith(0);
        r.Stderr.Should().BeEmpty(r.ToString());
    }

    public static void ShouldHaveNoTrace(this ProcessResult r)
    {
        r.Output.Should().NotContain("Unhandled exception", r.ToString());
        r.Output.Should().NotContain("   at Solo5Net", r.ToString());
        r.Output.Should().NotContain("   at System.", r.ToString());
        foreach (var line in r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            line.Should().StartWith(Prefix, "every tender diagnostic is prefixed\n" + r);
    }
}
