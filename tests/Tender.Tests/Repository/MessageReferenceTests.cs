using System.Text.RegularExpressions;
using FluentAssertions;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Repository;

/// <summary>
/// docs/messages.md lists every line the tender can print: each message the tender's source builds
/// (<see cref="TenderMessageCatalog"/>) must match an entry there, and each entry must still match a
/// message of the source. No KVM needed: the messages come from the code itself.
/// </summary>
public sealed partial class MessageReferenceTests
{
    private const string Reference = "docs/messages.md";

    // The first cell of a table row, a code span: | `text` | or | ``text with a ` in it`` |
    [GeneratedRegex(@"^\|\s*(?:``\s?(?<text>.+?)\s?``|`(?<text>[^`]+)`)\s*\|")]
    private static partial Regex EntryCell();

    private static readonly Lazy<List<TenderMessage>> Messages = new(() => TenderMessageCatalog.Collect(Repo.Root));

    private static List<(int Line, string Text)> Entries(IEnumerable<string> lines) =>
        lines.Select((line, i) => (Line: i + 1, Match: EntryCell().Match(line)))
            .Where(e => e.Match.Success)
            .Select(e => (e.Line, e.Match.Groups["text"].Value))
            .ToList();

    private static List<(int Line, string Text)> DocumentedEntries() => Entries(File.ReadLines(Repo.PathOf(Reference)));

    /// <summary>Messages with literal text: the ones a reader looks up.</summary>
    private static IEnumerable<TenderMessage> Lookups => Messages.Value.Where(m => m.LiteralLetters >= 3);

    [Fact]
    public void Every_message_of_the_tender_has_an_entry()
    {
        var entries = DocumentedEntries();
        var missing = Lookups.Where(m => !entries.Any(e => m.IsDocumentedBy(e.Text))).Select(m => m.ToString()).ToList();
        missing.Should().BeEmpty($"each line the tender can print needs an entry in {Reference} (message, status, meaning, what to do); " +
            "write the literal text exactly as the code builds it, with a placeholder such as NAME or N for each value");
    }

    [Fact]
    public void Every_entry_matches_a_message_of_the_tender()
    {
        var stale = DocumentedEntries().Where(e => !Messages.Value.Any(m => m.IsDocumentedBy(e.Text)))
            .Select(e => $"{Reference}:{e.Line}: {e.Text}").ToList();
        stale.Should().BeEmpty("an entry whose message the code no longer prints is stale: change it with the code");
    }

    /// <summary>The conditions under which a run that ends well still prints something, as docs/tender.md
    /// and docs/messages.md state them, keyed by a piece of each warning entry they cover.</summary>
    private static readonly (string Entry, string Condition)[] QuietRuleConditions =
    [
        ("adjusting memory to", "`--mem` not a multiple of 2"),
        ("warning: seccomp disabled", "`--no-seccomp`"),
        ("dumpcore: ", "`--dumpcore`"),
        ("VFIO no-IOMMU mode: the device is not isolated", "VFIO no-IOMMU mode"),
        ("(further refusals not reported)", "BAR access the device refused"),
        ("falling back to hypercalls", "ring I/O"),
        ("gdb: ", "`--gdb`"),
        ("insn: writing PATH failed", "`--insn-profile`"),
    ];

    [Fact]
    public void Every_warning_is_an_exception_the_quiet_rule_names()
    {
        var tender = File.ReadAllText(Repo.PathOf("docs/tender.md"));
        var reference = File.ReadAllText(Repo.PathOf(Reference));
        var rows = File.ReadLines(Repo.PathOf(Reference)).Where(l => EntryCell().IsMatch(l)).ToList();
        var statuses = rows.Select(r => r.Split(" | ")[1].Trim()).Distinct().ToList();
        statuses.Should().BeSubsetOf(["1", "warning", "verbose", "detail"], "the statuses section 1 of the reference defines");
        var unexplained = new List<string>();
        foreach (var row in rows.Where(r => r.Split(" | ")[1].Trim() == "warning"))
        {
            var text = EntryCell().Match(row).Groups["text"].Value;
            var rule = QuietRuleConditions.Where(c => text.Contains(c.Entry, StringComparison.Ordinal)).ToList();
            if (rule.Count == 0) unexplained.Add(text);
            foreach (var (_, condition) in rule)
            {
                tender.Should().Contain(condition, $"docs/tender.md's rule for a quiet run must name the case of `{text}`");
                reference.Should().Contain(condition, $"docs/messages.md's rule for a quiet run must name the case of `{text}`");
            }
        }
        unexplained.Should().BeEmpty("a new warning is a new exception to 'a run prints nothing': add it to both rules and to QuietRuleConditions");
    }

    [Fact]
    public void Every_project_of_the_tender_is_searched_for_messages()
    {
        // Hvt.Interop's own failures reach the user as the general "CALL: ERRNAME (N)" form.
        var projects = Directory.GetDirectories(Repo.PathOf("tender"), "Hvt.*")
            .Select(d => "tender/" + Path.GetFileName(d)).Where(p => p != "tender/Hvt.Interop");
        projects.Should().BeSubsetOf(TenderMessageCatalog.SourceFolders, "a new module's messages need entries too");
    }

    [Fact]
    public void The_collector_finds_messages_of_every_kind()
    {
        var skeletons = Messages.Value.Select(m => m.Skeleton).ToList();
        skeletons.Should().Contain("Missing KERNEL operand (see --help)", "a plain literal");
        skeletons.Should().Contain("Invalid option: `…' (see --help)", "the second line of a two-line message");
        skeletons.Should().Contain("warning: seccomp disabled (--no-seccomp); the tender is not confined", "a constant, with a ';' inside");
        skeletons.Should().Contain("adjusting memory to … bytes", "a warning kept in a variable");
        skeletons.Should().Contain("KVM: internal error exit: suberror=0x…", "a StringBuilder's start");
        skeletons.Should().Contain("Device '…' of type … declared but not attached.", "a line a StringBuilder appends");
        skeletons.Should().Contain("KVM: host/guest translation fault: rip=0x…", "a target-typed new");
        skeletons.Should().Contain("…: Executable is not for the solo5-hvt target");
        skeletons.Should().Contain("no message within … ms").And.Contain("message cut short: … of … bytes within … ms", "both branches of a conditional");
        skeletons.Should().Contain("dumpcore: dumping guest core to: …", "a Warn call");
        skeletons.Should().Contain("…: released …", "a report delegate's Invoke");
        skeletons.Should().Contain("Solo5 manifest is invalid", "an exception's base message");
        skeletons.Should().Contain(s => s.StartsWith("…: not bound to vfio-pci (driver: …); bind it with: echo vfio-pci > ", StringComparison.Ordinal),
            "concatenated literals with a parenthesised part as a hole");
        skeletons.Should().NotContain(s => s.Contains("openat"), "SeccompPolicy's system call names are not messages");
        Lookups.Count().Should().BeGreaterThan(150);
    }

    [Fact]
    public void An_entry_must_spell_the_message_and_may_only_stand_in_for_its_values()
    {
        const string source = """
            class X
            {
                void F(string name, int n)
                {
                    // throw new TenderException("in a comment: not a message");
                    if (n > 1) throw new TenderException($"{name}: at most {n} devices, not \"{n:x}\"");
                    var s = "new TenderException(\"in a string\")";
                    ctx.Warn(n > 2 ? $"{name}: many" : "few {braces}");
                }
            }
            """;
        var found = TenderMessageCatalog.CollectFile("X.cs", source, new Dictionary<string, string>());
        found.Select(m => m.Skeleton).Should().Equal("…: at most … devices, not \"…\"", "…: many", "few {braces}");
        found.Select(m => m.Line).Should().Equal(6, 8, 8);
        var message = found[0];
        message.IsDocumentedBy("NAME: at most N devices, not \"0xN\"").Should().BeTrue();
        message.IsDocumentedBy("NAME: at most N device, not \"0xN\"").Should().BeFalse("the literal text must be exact");
        message.IsDocumentedBy("at most N devices").Should().BeFalse("the whole line");

        var entries = Entries(["| `plain` | 1 |", "| ``with `ARG' inside`` | 1 |", "not a row `x`", "| text | `code later` |"]);
        entries.Select(e => e.Text).Should().Equal("plain", "with `ARG' inside");
    }
}
