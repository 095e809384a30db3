using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Tender.Repository;

/// <summary>
/// The repository stands on its own: every document a source file or a doc cites is in it, and no
/// file names a path of a developer's machine. Looks at every tracked text file.
/// </summary>
public sealed partial class RepositoryDocsTests
{
    /// <summary>Directory prefixes that only exist on someone's machine.</summary>
    private static readonly string[] MachinePaths = ["/root/", "/home/", "/work/"];

    /// <summary>This file names those prefixes, and a missing document, itself.</summary>
    private const string ThisFile = "tests/Tender.Tests/Repository/RepositoryDocsTests.cs";

    // A name ending in .md that is not part of a longer word, path or URL.
    [GeneratedRegex(@"(?<![\w./:-])((?:[\w.-]+/)*[\w-][\w.-]*\.md)(?![\w-])(?!\.\w)")]
    private static partial Regex MarkdownCitation();

    // A citation of a numbered section: "docs/hvt-abi.md §4.3" (the first number of a list or range).
    [GeneratedRegex(@"(?<![\w./:-])((?:[\w.-]+/)*[\w-][\w.-]*\.md) §(\d+(?:\.\d+)?)")]
    private static partial Regex SectionCitation();

    // A numbered heading: "## 4. Hypercalls", "### 4.3 Argument structs".
    [GeneratedRegex(@"^#+ (\d+(?:\.\d+)?)\.? ")]
    private static partial Regex NumberedHeading();

    [Fact]
    public void Every_cited_markdown_document_is_in_the_repository()
    {
        var missing = new List<string>();
        foreach (var (file, lines) in TrackedTextFiles())
            for (int i = 0; i < lines.Length && file != ThisFile; i++)
                foreach (Match m in MarkdownCitation().Matches(lines[i]))
                {
                    if (IsStringLiteral(lines[i], m)) continue;
                    if (!Resolves(file, m.Groups[1].Value)) missing.Add($"{file}:{i + 1}: {m.Groups[1].Value}");
                }
        missing.Should().BeEmpty("a cited document must be in the repository, named by its path from the root (docs/…) or beside the citing file");
    }

    [Fact]
    public void Every_cited_section_exists_in_the_cited_document()
    {
        var missing = new List<string>();
        foreach (var (file, lines) in TrackedTextFiles())
            for (int i = 0; i < lines.Length && file != ThisFile; i++)
                foreach (Match m in SectionCitation().Matches(lines[i]))
                {
                    var document = Locate(file, m.Groups[1].Value);
                    if (document != null && !Sections(document).Contains(m.Groups[2].Value))
                        missing.Add($"{file}:{i + 1}: {m.Value}");
                }
        missing.Should().BeEmpty("a cited section number must be a numbered heading of that document (keep the numbers stable)");
    }

    // A path into the repository's own tree as the docs name it: "tender/Hvt.Core/Memory/GuestMemory.cs".
    [GeneratedRegex(@"(?<![\w./-])((?:abi|bench|bindings|devices|docs|examples|guest|manifest|scripts|tender|tests)/[\w./-]*[\w/])")]
    private static partial Regex RepositoryPath();

    [Fact]
    public void Every_repository_path_a_document_names_exists()
    {
        var missing = new List<string>();
        foreach (var (file, lines) in TrackedTextFiles())
        {
            if (!file.EndsWith(".md", StringComparison.Ordinal)) continue;
            for (int i = 0; i < lines.Length; i++)
                foreach (Match m in RepositoryPath().Matches(lines[i]))
                {
                    var path = m.Groups[1].Value;
                    if (IsPlaceholder(path)) continue;
                    var full = Repo.PathOf(path);
                    if (!File.Exists(full) && !Directory.Exists(full)) missing.Add($"{file}:{i + 1}: {path}");
                }
        }
        missing.Should().BeEmpty("a document that names a file or folder of the repository must name one that exists (keep the docs current when code moves)");
    }

    /// <summary>Paths with a placeholder in capitals (artifacts/NAME/CONFIGURATION/) stand for many; bin/ and obj/ are build output.</summary>
    private static bool IsPlaceholder(string path) =>
        path.Split('/').Any(part => part is "bin" or "obj" || part.Length > 1 && part.All(c => char.IsAsciiLetterUpper(c) || c == '_'));

    [Fact]
    public void No_file_names_a_path_of_a_developer_machine()
    {
        var found = new List<string>();
        foreach (var (file, lines) in TrackedTextFiles())
        {
            if (file == ThisFile) continue;
            for (int i = 0; i < lines.Length; i++)
                foreach (var prefix in MachinePaths)
                    if (lines[i].Contains(prefix, StringComparison.Ordinal)) found.Add($"{file}:{i + 1}: {lines[i].Trim()}");
        }
        found.Should().BeEmpty("the repository must not depend on, or mention, one developer's machine");
    }

    [Fact]
    public void The_citation_check_finds_a_document_that_is_not_there()
    {
        var line = "// the layout (notes.md §4.3) and docs/abi.md §2, see https://example.org/x/README.md or gone.md.";
        var cited = MarkdownCitation().Matches(line).Select(m => m.Groups[1].Value).ToList();
        cited.Should().Equal("notes.md", "docs/abi.md", "gone.md");
        Resolves("tender/Hvt.Core/RunLoop.cs", "notes.md").Should().BeFalse();
        Resolves("tender/Hvt.Core/RunLoop.cs", "docs/abi.md").Should().BeTrue();
        Sections(Repo.PathOf("docs/hvt-abi.md")).Should().Contain(["1.1", "4.3", "8.5"]).And.NotContain("4.9");
    }

    /// <summary>A path relative to the repository root, or to the citing file's folder (README.md beside it).</summary>
    private static bool Resolves(string citingFile, string cited) => Locate(citingFile, cited) != null;

    private static string? Locate(string citingFile, string cited)
    {
        var fromRoot = Repo.PathOf(cited);
        if (File.Exists(fromRoot)) return fromRoot;
        var beside = Path.Combine(Repo.Root, Path.GetDirectoryName(citingFile) ?? "", cited);
        return File.Exists(beside) ? beside : null;
    }

    private static HashSet<string> Sections(string document) =>
        File.ReadLines(document).Select(l => NumberedHeading().Match(l)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>A whole string literal ("security.md" as a file name in code) names a file; it does not cite one.</summary>
    private static bool IsStringLiteral(string line, Match m)
    {
        int start = m.Index, end = m.Index + m.Length;
        return start > 0 && end < line.Length && line[start - 1] == '"' && line[end] == '"';
    }

    private static IEnumerable<(string File, string[] Lines)> TrackedTextFiles()
    {
        foreach (var file in TrackedFiles())
        {
            var path = Repo.PathOf(file);
            if (!File.Exists(path)) continue;               // deleted in the working tree
            var bytes = File.ReadAllBytes(path);
            if (Array.IndexOf(bytes, (byte)0) >= 0) continue;   // binary
            yield return (file, Encoding.UTF8.GetString(bytes).Split('\n'));
        }
    }

    private static List<string> TrackedFiles()
    {
        var git = new ProcessStartInfo("git", ["-C", Repo.Root, "ls-files", "-z"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(git)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, "git ls-files must list the repository's files: " + process.StandardError.ReadToEnd());
        var files = output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
        files.Should().Contain("README.md");
        return files;
    }
}
