using System.Text.RegularExpressions;
using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.TestSupport.SourceMessages;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Repository;

/// <summary>
/// docs/vfio-user.md's "Messages" lists every line hvt-devemu can print: each message its source
/// builds (<see cref="DevEmuMessageCatalog"/>) and each error its command-line parser (System.CommandLine)
/// reports for the bad command lines of <see cref="BadCommandLines"/> must match an entry there, and
/// each entry must still match one of them. Host-only: the messages come from the code and the parser.
/// </summary>
public sealed partial class DevEmuMessageReferenceTests
{
    private const string Reference = "docs/vfio-user.md";
    private const string SectionStart = "**Messages.**";

    private static readonly Lazy<List<SourceMessage>> Messages = new(() => DevEmuMessageCatalog.Collect(Repo.Root));

    /// <summary>Command lines an operator gets wrong, one per kind of error the parser itself reports.</summary>
    private static readonly string[][] BadCommandLines =
    [
        [], ["nic"], ["edu"], ["edu", "--socket"], ["edu", "--socket", "a", "--socket", "b"], ["edu", "--socket", "s", "--bogus"],
        ["edu", "--socket", "s", "--clients", "x"], ["virtio-net", "--socket", "s", "--tap", "t", "--fault-needs-reset-after", "x"],
    ];

    // A quoted value or a number in a parser's error: what varies with the command line.
    [GeneratedRegex(@"'[^']*'|\d+")]
    private static partial Regex ParserValue();

    private static readonly Lazy<List<SourceMessage>> ParserMessages = new(() => BadCommandLines
        .SelectMany(args => Solo5Net.DevEmu.CommandLine.Build().Parse(args).Errors
            .Select(e => e.Message)
            .Where(text => !Messages.Value.Any(m => m.IsDocumentedBy(text)))     // our own validators' text is in the source
            .Select(text => new SourceMessage($"System.CommandLine (hvt-devemu {string.Join(' ', args)})", 0, AsParts(text))))
        .DistinctBy(m => m.Skeleton).ToList());

    /// <summary>The parser's text with each value a hole (its quotes kept).</summary>
    private static List<string?> AsParts(string text)
    {
        var parts = new List<string?>();
        int at = 0;
        foreach (Match value in ParserValue().Matches(text))
        {
            parts.Add(text[at..value.Index] + (value.Value.StartsWith('\'') ? "'" : ""));
            parts.Add(null);
            at = value.Index + value.Length - (value.Value.StartsWith('\'') ? 1 : 0);
        }
        parts.Add(text[at..]);
        return parts.Where(p => p != "").ToList();
    }

    /// <summary>The lines of the section, from its start to the next heading or bold paragraph, and the number of its first.</summary>
    private static (List<string> Lines, int FirstLine) Section()
    {
        var lines = File.ReadAllLines(Repo.PathOf(Reference));
        int start = Array.FindIndex(lines, l => l.StartsWith(SectionStart, StringComparison.Ordinal));
        start.Should().BeGreaterThanOrEqualTo(0, $"{Reference} has a paragraph starting {SectionStart}");
        int end = Array.FindIndex(lines, start + 1, l => l.StartsWith('#') || l.StartsWith("**", StringComparison.Ordinal));
        return (lines[start..(end < 0 ? lines.Length : end)].ToList(), start + 1);
    }

    private static List<(int Line, string Text)> DocumentedEntries()
    {
        var (lines, firstLine) = Section();
        return MessageReference.Entries(lines, firstLine);
    }

    [Fact]
    public void Every_line_of_the_device_server_has_an_entry()
    {
        var missing = MessageReference.Undocumented(Messages.Value.Where(m => m.LiteralLetters >= 3).Concat(ParserMessages.Value), DocumentedEntries());
        missing.Should().BeEmpty($"each line hvt-devemu can print needs a row in {Reference}'s Messages: write the literal text exactly " +
            "as the code builds it, with a placeholder such as DEVICE or N for each value");
    }

    [Fact]
    public void Every_entry_matches_a_line_of_the_device_server()
    {
        var stale = MessageReference.Stale(Reference, DocumentedEntries(), [.. Messages.Value, .. ParserMessages.Value]);
        stale.Should().BeEmpty("an entry whose line the code no longer prints is stale: change it with the code");
    }

    [Theory]
    [InlineData("…: listening on …", "an Info line with a conditional part as a hole")]
    [InlineData("warning: DMA_MAP refused: the client's memory is not sealed against shrinking (F_SEAL_SHRINK)", "a Warn line")]
    [InlineData("e1000: … of unimplemented register 0x… (reads 0, writes ignored)", "a DebugOnce line's lambda")]
    [InlineData("edu: DMA while bus mastering is disabled (command register bit 2)", "the edu model's Fail")]
    [InlineData("… must be between … and …", "a command-line validator")]
    [InlineData("invalid --mac '…': a multicast address cannot name a NIC", "an exception printed at exit")]
    [InlineData("end of stream", "a WHY, one branch of a conditional")]
    [InlineData("closed without a request", "a WHY, the other branch")]
    [InlineData("internal error: …: …", "a WHY kept in a variable")]
    [InlineData("…: … (…)", "the general form of a failed system call")]
    [InlineData("message … of … bytes exceeds the …-byte limit", "an exception class's primary constructor's text")]
    public void The_collector_finds_a_line_of_each_kind(string skeleton, string kind) =>
        Messages.Value.Select(m => m.Skeleton).Should().Contain(skeleton, kind);

    [Fact]
    public void The_parser_errors_are_the_parsers_own_and_invariants_are_no_lines()
    {
        Messages.Value.Should().NotContain(m => m.Skeleton.Contains("is not a power of two"), "a device model's invariant is no operator's message");
        ParserMessages.Value.Select(m => m.Skeleton).Should().Contain("Option '…' is required.")
            .And.Contain("Cannot parse argument '…' for option '…' as expected type '…'.")
            .And.NotContain(s => s.Contains("must be between"), "a validator's text is the source's");
    }

    [Fact]
    public void Every_project_of_the_device_server_is_searched_for_messages()
    {
        var projects = Directory.GetDirectories(Repo.PathOf("devices"), "Hvt.*").Select(d => "devices/" + Path.GetFileName(d));
        projects.Should().BeSubsetOf(DevEmuMessageCatalog.SourceFolders, "a new part of hvt-devemu's messages need entries too");
    }
}
