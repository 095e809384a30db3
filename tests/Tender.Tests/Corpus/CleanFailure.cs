using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Corpus;

/// <summary>How the tender must fail on bad input: exit status 1, never a hang, only "hvt-tender: "
/// lines on stderr (one diagnostic, plus "Invalid option: …" after an option's own message), no
/// .NET exception text. With --verbose a stack trace may follow, but the status stays 1.</summary>
internal static class CleanFailure
{
    public static void ShouldFailCleanly(this ProcessResult r, string what, int maxLines = 1)
    {
        var context = $"{what}\n{r}";
        r.TimedOut.Should().BeFalse(context);
        r.ExitCode.Should().Be(1, context);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().NotBeEmpty(context);
        lines.Length.Should().BeLessThanOrEqualTo(maxLines, context);
        lines.Should().OnlyContain(l => l.StartsWith(TenderProcess.Prefix) && l.Length > TenderProcess.Prefix.Length, context);
        r.Output.Should().NotContain("   at ", context).And.NotContain("Unhandled exception", context)
            .And.NotContain("internal error", context);
    }

    public static void ShouldFailVerbosely(this ProcessResult r, string what)
    {
        var context = $"{what} (--verbose)\n{r}";
        r.TimedOut.Should().BeFalse(context);
        r.ExitCode.Should().Be(1, context);
        r.Stderr.Should().StartWith(TenderProcess.Prefix, context);
        r.Output.Should().NotContain("Unhandled exception", context).And.NotContain("internal error", context);
    }
}
