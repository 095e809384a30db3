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
    /// <summary>Directory prefixes that only exist on someone's machine (assembled, so this file does not name them).</summary>
    private static readonly string[] MachinePaths = new[] { "root", "home", "work" }.Select(d => $"/{d}/").ToArray();

    // A name ending in .md that is not part of a longer word, path or URL.
    [GeneratedRegex(@"(?<![\w./:-])((?:[\w.-]+/)*[\w-][\w.-]*\.md)(?![\w-])(?!\.\w)")]
    private static partial Regex MarkdownCitation();

    // A citation of a numbered section: "docs/hvt-abi.md §4.3" (the first number of a list or range).
    [GeneratedRegex(@"(?<![\w./:-])((?:[\w.-]+/)*[\w-][\w.-]*\.md) §(\d+(?:\.\d+)?)")]
    private static partial Regex SectionCitation();

    // A numbered heading: "## 4. Hypercalls", "### 4.3 Argument structs".
    [GeneratedRegex(@"^#+ (\d+(?:\.\d+)?)\.? ")]
    private static partial Regex NumberedHeading();

    // A path into the repository's own tree as the docs name it: "tender/Hvt.Core/Memory/GuestMemory.cs".
    [GeneratedRegex(@"(?<![\w./-])((?:abi|bench|bindings|devices|docs|examples|guest|manifest|scripts|tender|tests)/[\w./-]*[\w/])")]
    private static partial Regex RepositoryPath();

    [Fact]
    public void Every_cited_markdown_document_is_in_the_repository()
    {
        var missing = Findings(MarkdownCitation(), _ => true,
            (file, line, m) => !IsStringLiteral(line, m) && !Resolves(file, m.Groups[1].Value) ? m.Groups[1].Value : null);
        missing.Should().BeEmpty("a cited document must be in the repository, named by its path from the root (docs/…) or beside the citing file");
    }

    [Fact]
    public void Every_cited_section_exists_in_the_cited_document()
    {
        var missing = Findings(SectionCitation(), _ => true, (file, _, m) =>
            Locate(file, m.Groups[1].Value) is { } document && !Sections(document).Contains(m.Groups[2].Value) ? m.Value : null);
        missing.Should().BeEmpty("a cited section number must be a numbered heading of that document (keep the numbers stable)");
    }

    [Fact]
    public void Every_repository_path_a_document_names_exists()
    {
        var missing = Findings(RepositoryPath(), file => file.EndsWith(".md", StringComparison.Ordinal), (_, _, m) =>
        {
            var path = m.Groups[1].Value;
            var full = Repo.PathOf(path);
            return IsPlaceholder(path) || File.Exists(full) || Directory.Exists(full) ? null : path;
        });
        missing.Should().BeEmpty("a document that names a file or folder of the repository must name one that exists (keep the docs current when code moves)");
    }

    /// <summary>Paths with a placeholder in capitals (artifacts/NAME/CONFIGURATION/) stand for many; bin/ and obj/ are build output.</summary>
    private static bool IsPlaceholder(string path) =>
        path.Split('/').Any(part => part is "bin" or "obj" || part.Length > 1 && part.All(c => char.IsAsciiLetterUpper(c) || c == '_'));

    [Fact]
    public void No_file_names_a_path_of_a_developer_machine()
    {
        var pattern = new Regex(string.Join('|', MachinePaths.Select(Regex.Escape)));
        var found = Findings(pattern, _ => true, (_, line, _) => line.Trim());
        found.Should().BeEmpty("the repository must not depend on, or mention, one developer's machine");
    }

    [Fact]
    public void The_citation_check_finds_a_document_that_is_not_there()
    {
        string gone = "gone" + ".md", notes = "notes" + ".md";   // names of documents no one has; not citations themselves
        var line = $"// the layout ({notes} §4.3) and docs/abi.md §2, see https://example.org/x/README.md or {gone}.";
        var cited = MarkdownCitation().Matches(line).Select(m => m.Groups[1].Value).ToList();
        cited.Should().Equal(notes, "docs/abi.md", gone);
        Resolves("tender/Hvt.Core/RunLoop.cs", notes).Should().BeFalse();
        Resolves("tender/Hvt.Core/RunLoop.cs", "docs/abi.md").Should().BeTrue();
        Sections(Repo.PathOf("docs/hvt-abi.md")).Should().Contain(["1.1", "4.3", "8.5"]).And.NotContain("4.9");
    }

    /// <summary>"file:line: what" for every match of <paramref name="pattern"/> in the tracked text files
    /// <paramref name="inFile"/> accepts, where <paramref name="problem"/> returns what is wrong (null: nothing).</summary>
    private static List<string> Findings(Regex pattern, Func<string, bool> inFile, Func<string, string, Match, string?> problem)
    {
        var found = new List<string>();
        foreach (var (file, lines) in TrackedTextFiles.Value)
        {
            if (!inFile(file)) continue;
            for (int i = 0; i < lines.Length; i++)
                foreach (Match m in pattern.Matches(lines[i]))
                    if (problem(file, lines[i], m) is { } what) found.Add($"{file}:{i + 1}: {what}");
        }
        return found;
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

    /// <summary>Read once for all the checks of a run.</summary>
    private static readonly Lazy<List<(string File, string[] Lines)>> TrackedTextFiles = new(() => ReadTrackedTextFiles().ToList());

    private static IEnumerable<(string File, string[] Lines)> ReadTrackedTextFiles()
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
        var git = ProcessRunner.Run("git", ["-C", Repo.Root, "ls-files", "-z"]);
        git.ExitCode.Should().Be(0, "git ls-files must list the repository's files: " + git);
        var files = git.Stdout.TrimEnd('\n').Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
        files.Should().Contain("README.md");
        return files;
    }
}
