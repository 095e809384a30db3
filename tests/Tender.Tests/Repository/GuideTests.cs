using System.Text.RegularExpressions;
using FluentAssertions;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Repository;

/// <summary>
/// The guides stay usable on their own: every document links the glossary before it uses its terms,
/// the glossary defines the terms the guides rely on, the guest reference lists every GUEST0xx code
/// and every manifest key the code knows, a measured time in a guide says where it was measured, and
/// no document or comment speaks of the people who wrote it instead of the code.
/// </summary>
public sealed partial class GuideTests
{
    private static IEnumerable<string> Documents() =>
        Directory.EnumerateFiles(Repo.PathOf("docs"), "*.md").Select(p => "docs/" + Path.GetFileName(p)).Order(StringComparer.Ordinal);

    [Fact]
    public void Every_document_links_the_glossary_near_its_top()
    {
        var missing = Documents().Where(d => d != "docs/glossary.md")
            .Where(d => !File.ReadLines(Repo.PathOf(d)).Take(20).Any(l => l.Contains("docs/glossary.md", StringComparison.Ordinal)))
            .ToList();
        missing.Should().BeEmpty("a reader meets the terms early: link docs/glossary.md in the first 20 lines");
    }

    /// <summary>Terms a reader of the operator and guest guides meets without a definition on the spot.</summary>
    private static readonly string[] RequiredTerms =
        ["vfio-user", "IOVA", "GPA", "BAR", "sparse mmap", "trapped", "POLL", "memfd", "edu", "host_features", "hvt_pci_info", "ABI1, MFT1", "IOMMU", "DMA"];

    [Fact]
    public void The_glossary_defines_the_terms_the_guides_use()
    {
        var defined = File.ReadLines(Repo.PathOf("docs/glossary.md"))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Term", StringComparison.Ordinal) && !l.StartsWith("|--", StringComparison.Ordinal))
            .Select(l => l.Split(" | ")[0].TrimStart('|', ' '))
            .ToList();
        RequiredTerms.Where(t => !defined.Any(d => d.StartsWith(t, StringComparison.Ordinal))).Should().BeEmpty();
    }

    [GeneratedRegex(@"GUEST\d{3}")]
    private static partial Regex GuestCode();

    [Fact]
    public void Every_guest_build_error_code_is_in_the_guest_reference()
    {
        var codes = Directory.EnumerateFiles(Repo.PathOf("guest/Guest.Sdk"))
            .SelectMany(f => GuestCode().Matches(File.ReadAllText(f)).Select(m => m.Value))
            .ToHashSet();
        codes.Should().Contain(["GUEST001", "GUEST010", "GUEST013", "GUEST021", "GUEST024"], "the collector must see the targets and the scripts");
        var documented = File.ReadLines(Repo.PathOf("docs/guest-reference.md"))
            .Select(l => Regex.Match(l, @"^\| (GUEST\d{3}) \|")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        codes.Except(documented).Should().BeEmpty("each GUEST0xx code needs a row (message, cause, fix) in docs/guest-reference.md §2");
        documented.Except(codes).Should().BeEmpty("a documented code that the SDK no longer emits is stale");
    }

    [GeneratedRegex(@"string\[\] (RootKeys|DeviceKeys|MatchKeys) = \[(?<keys>[^\]]*)\]")]
    private static partial Regex KeyArray();

    [Fact]
    public void Every_manifest_key_is_in_the_manifest_reference()
    {
        var validator = File.ReadAllText(Repo.PathOf("manifest/Manifest.Schema/Sources/ManifestValidator.cs"));
        var keys = KeyArray().Matches(validator)
            .SelectMany(m => Regex.Matches(m.Groups["keys"].Value, "\"(\\w+)\"").Select(k => k.Groups[1].Value))
            .ToHashSet();
        keys.Should().Contain(["version", "devices", "name", "dma", "vendor", "subclass"]);
        var reference = File.ReadAllText(Repo.PathOf("docs/guest-reference.md"));
        keys.Where(k => !reference.Contains($"| `{k}` |", StringComparison.Ordinal)).Should()
            .BeEmpty("each key the manifest validator accepts needs a row in docs/guest-reference.md §1");
    }

    // A duration as a measurement states it: "10.0 ms", "about 9 µs".
    [GeneratedRegex(@"\d(?:[\d.,]*\d)?\s?(?:ms|µs)\b")]
    private static partial Regex MeasuredTime();

    /// <summary>Documents that record measurements with their own dates and method; the guides cite them.</summary>
    private static readonly string[] MeasurementRecords = ["docs/benchmarks.md", "docs/platform.md", "docs/architecture.md"];

    [Fact]
    public void A_measured_time_in_a_guide_cites_the_benchmarks_with_a_date()
    {
        var unsourced = new List<string>();
        foreach (var document in Documents().Append("README.md").Where(d => !MeasurementRecords.Contains(d)))
        {
            var lines = File.ReadAllLines(Repo.PathOf(document));
            foreach (var (start, paragraph) in Paragraphs(lines))
            {
                if (!MeasuredTime().IsMatch(paragraph)) continue;
                bool cited = paragraph.Contains("docs/benchmarks.md", StringComparison.Ordinal) && Regex.IsMatch(paragraph, @"\b20\d\d-\d\d-\d\d\b");
                if (!cited) unsourced.Add($"{document}:{start}: {MeasuredTime().Match(paragraph).Value}");
            }
        }
        unsourced.Should().BeEmpty("a measured number in a guide comes from docs/benchmarks.md (or a bench subject) and names the run's date in the same paragraph");
    }

    /// <summary>Blocks of lines separated by blank lines (a table is one block), with their first line's number.</summary>
    private static IEnumerable<(int Start, string Text)> Paragraphs(string[] lines)
    {
        int start = -1;
        for (int i = 0; i <= lines.Length; i++)
        {
            bool blank = i == lines.Length || lines[i].Trim().Length == 0;
            if (!blank && start < 0) start = i;
            if (blank && start >= 0)
            {
                yield return (start + 1, string.Join('\n', lines[start..i]));
                start = -1;
            }
        }
    }

    // Names of people or roles from how the project was built ("engineer F", "B2's kit"): they mean nothing to a reader.
    [GeneratedRegex(@"\b[Ee]ngineer [A-Z]\d?\b|\b[A-Z]\d'?s (?:kit|guest kit|notes)\b|\bowned by (?:engineer|helper|[A-Z]\d?\b)|DEVELOPERS notes")]
    private static partial Regex InternalName();

    [Fact]
    public void No_document_or_source_names_the_people_who_built_it()
    {
        var git = ProcessRunner.Run("git", ["-C", Repo.Root, "ls-files", "-z"]);
        var found = new List<string>();
        foreach (var file in git.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (file.EndsWith("GuideTests.cs", StringComparison.Ordinal)) continue;   // this file names the pattern
            var path = Repo.PathOf(file);
            if (!File.Exists(path) || !(file.EndsWith(".md") || file.EndsWith(".cs") || file.EndsWith(".csproj") || file.EndsWith(".inc") || file.EndsWith(".c") || file.EndsWith(".h") || file.EndsWith(".props") || file.EndsWith(".targets") || file.EndsWith(".sh")))
                continue;
            var lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
                if (InternalName().IsMatch(lines[i])) found.Add($"{file}:{i + 1}: {lines[i].Trim()}");
        }
        found.Should().BeEmpty("name the code or the document, not who wrote it");
        InternalName().IsMatch("(Section owned by engineer F: bindings/)").Should().BeTrue();
        InternalName().IsMatch("next to B2's kit/notes.inc").Should().BeTrue();
        InternalName().IsMatch("for the engineer who carries the code on").Should().BeFalse();
    }
}
