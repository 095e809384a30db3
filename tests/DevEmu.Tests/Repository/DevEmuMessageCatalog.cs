using System.Text.RegularExpressions;
using Solo5Net.TestSupport.SourceMessages;

namespace Solo5Net.Tests.DevEmu.Repository;

/// <summary>
/// Collects the lines hvt-devemu can print from its source (read by TestSupport's
/// <see cref="MessageCollector"/>): every <c>Log</c> call ("warning: " before a warning), the edu
/// model's DMA failures (<c>Fail</c>, "edu: " before them), the command line's own checks
/// (<c>AddError</c>), the message of every exception it prints as it is at exit, and the reasons a
/// client's connection ended (WHY in "DEVICE: client N disconnected (WHY)").
/// </summary>
public static partial class DevEmuMessageCatalog
{
    /// <summary>Exceptions whose message ends the server as "hvt-devemu: MESSAGE", exit status 1
    /// (CommandLine.Serve): thrown while it sets up (options, the tap, the socket).</summary>
    public static readonly string[] PrintedExceptions = ["IOException", "FormatException", "ArgumentException"];

    public static readonly string[] SourceFolders = ["devices/Hvt.DevEmu"];

    /// <summary>Files whose exceptions guard the device models' own invariants: a defect, which a client
    /// would see end its connection as "internal error: TYPE: MESSAGE", never an operator's mistake.</summary>
    public static readonly string[] InvariantFiles =
    [
        "devices/Hvt.DevEmu/Pci/BarSpec.cs", "devices/Hvt.DevEmu/Pci/MsixSpec.cs", "devices/Hvt.DevEmu/Pci/ConfigSpace.cs",
    ];

    /// <summary>Exception classes hvt-devemu prints the whole text of: a failed system call at exit
    /// ("CALL: ERRNAME (N)", the general form), an oversized message as the WHY of its client's end.</summary>
    public static readonly string[] ExceptionClassFiles =
        ["tender/Hvt.Interop/SystemCallException.cs", "devices/VfioUser.Protocol/Transport/MessageChannel.cs"];

    [GeneratedRegex(@"\bnew\s+(?<type>\w+)\s*\(|\bLog\.(?<log>Info|Debug|Warn|DebugOnce)\s*\(|\b(?<edu>Fail)\s*\(|\bAddError\s*\(" +
        @"|\bwhy\s*=(?!=)|\breturn\s*\((?=\s*(?:Outcome\.\w+|Ended\(\))\s*,)(?<tuple>)")]
    private static partial Regex Trigger();

    /// <summary>An exception class's own text: its constructor's base(…), or its primary constructor's base class's.</summary>
    [GeneratedRegex(@"\bbase\s*\(|\)\s*:\s*\w+Exception\s*\(")]
    private static partial Regex ExceptionText();

    private static readonly MessageCollector Collector = new(Trigger(), SiteOf);
    private static readonly MessageCollector ExceptionTexts = new(ExceptionText(), (_, arguments) => new MessageSite(arguments[0]));

    public static List<SourceMessage> Collect(string root) =>
        [.. Collector.Collect(root, MessageCollector.SourceFiles(root, SourceFolders, InvariantFiles)), .. ExceptionTexts.Collect(root, ExceptionClassFiles)];

    private static MessageSite? SiteOf(Match trigger, IReadOnlyList<string> arguments)
    {
        if (trigger.Groups["type"].Success)
            return PrintedExceptions.Contains(trigger.Groups["type"].Value) ? new MessageSite(arguments[0]) : null;
        if (trigger.Groups["tuple"].Success) return arguments.Count == 2 ? new MessageSite(arguments[1]) : null;   // (outcome, why)
        if (trigger.Groups["edu"].Success) return new MessageSite(arguments[0], Prefix: "edu: ");
        return trigger.Groups["log"].Value switch
        {
            "Warn" => new MessageSite(arguments[0], Prefix: "warning: "),
            "DebugOnce" when arguments.Count == 2 => new MessageSite(WithoutLambda(arguments[1])),
            _ => new MessageSite(arguments[0]),
        };
    }

    /// <summary>The body of "() => body".</summary>
    private static string WithoutLambda(string expression)
    {
        int arrow = expression.IndexOf("=>", StringComparison.Ordinal);
        return arrow < 0 ? expression : expression[(arrow + 2)..];
    }
}
