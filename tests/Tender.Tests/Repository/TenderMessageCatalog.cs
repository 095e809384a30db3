using System.Text.RegularExpressions;
using Solo5Net.TestSupport.SourceMessages;

namespace Solo5Net.Tests.Tender.Repository;

/// <summary>
/// Collects the tender's user-facing messages from its source: the message argument of every
/// exception type the tender prints as it is (<see cref="PrintedExceptions"/>), of a target-typed
/// <c>new(…)</c> of one, of an exception class's primary constructor that calls one's, and of every
/// report call (<c>Warn</c>, <c>Report</c>, a report delegate's <c>Invoke</c>), constants resolved,
/// ternaries split, multi-line messages split into lines; also every literal line a StringBuilder
/// appends with a newline (read by TestSupport's <see cref="MessageCollector"/>).
/// </summary>
public static partial class TenderMessageCatalog
{
    /// <summary>Exceptions whose message reaches stderr as "hvt-tender: MESSAGE" (or after a prefix).
    /// SystemCallException ("CALL: ERRNAME (N)") and other .NET exceptions ("internal error: …") are
    /// documented as two general forms instead.</summary>
    public static readonly string[] PrintedExceptions =
    [
        "TenderException", "InvalidOptionException", "PciException", "GuestAccessException", "PciAccessRefusedException",
        "ElfFormatException", "ManifestInvalidException", "ManifestException",
        "VfioUserException", "VfioUserProtocolException", "VfioUserTimeoutException",
    ];

    /// <summary>The source the tender is built from, where its messages are made: the tender and its
    /// modules, the image reader of Manifest.Schema, and the vfio-user client's protocol library.</summary>
    public static readonly string[] SourceFolders =
    [
        "tender/Hvt.Core", "tender/Hvt.Tender", "tender/Hvt.Modules.Block", "tender/Hvt.Modules.Net",
        "tender/Hvt.Modules.Pci", "tender/Hvt.Modules.Dumpcore", "tender/Hvt.Modules.Gdb", "tender/Hvt.Modules.Instructions",
        "manifest/Manifest.Schema/Elf", "manifest/Manifest.Schema/Notes", "manifest/Manifest.Schema/Binary",
        "devices/VfioUser.Protocol",
    ];

    /// <summary>Files whose messages the tender cannot print: they write manifests (solo5-manifest gen) or serve devices.</summary>
    public static readonly string[] NotTenderFiles =
    [
        "manifest/Manifest.Schema/Notes/Solo5NoteEncoder.cs",
        "manifest/Manifest.Schema/Notes/Solo5NoteKind.cs",          // note names, not messages
        "tender/Hvt.Core/Security/SeccompPolicy.cs",                // system call names, not messages
        "tender/Hvt.Tender/CommandLine/Usage.cs",                   // the --help text (docs/tender.md)
    ];

    [GeneratedRegex(@"\bnew\s+(?<type>\w+)\s*\(|\bnew\s*\((?=\s*\$?@?"")|\b(Warn|warn|Report|Invoke|base)\s*\(|(?<append>\.Append)\s*\((?=\s*\$?@?"")|\bwarning\s*=(?!=)|\)\s*:\s*(?<type>\w+Exception)\s*\(")]
    private static partial Regex Trigger();

    private static readonly MessageCollector Collector = new(Trigger(), SiteOf);

    public static List<SourceMessage> Collect(string root) =>
        Collector.Collect(root, MessageCollector.SourceFiles(root, SourceFolders, NotTenderFiles));

    public static List<SourceMessage> CollectFile(string file, string text, IReadOnlyDictionary<string, string> constants) =>
        Collector.CollectFile(file, text, constants);

    private static MessageSite? SiteOf(Match trigger, IReadOnlyList<string> arguments)
    {
        if (trigger.Groups["append"].Success) return new MessageSite(arguments[0], WholeLinesOnly: true);
        if (!trigger.Groups["type"].Success) return new MessageSite(arguments[0]);
        var type = trigger.Groups["type"].Value;
        if (!PrintedExceptions.Contains(type) && type != "StringBuilder") return null;
        // VfioUserException(command, errno, detail): the detail is the third argument.
        if (type == "VfioUserException") return arguments.Count < 3 ? null : new MessageSite(arguments[2]);
        return new MessageSite(arguments[0]);
    }
}
