using System.Text;
using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>Tender diagnostics on stderr, each line prefixed "hvt-tender: " (Solo5's err/warn style).</summary>
public static class Diagnostics
{
    public const string ProgramName = "hvt-tender";

    /// <summary>Writes each line of <paramref name="message"/> prefixed with the program name.</summary>
    public static void Report(string message)
    {
        var text = new StringBuilder();
        foreach (var line in message.Split('\n'))
            text.Append(ProgramName).Append(": ").Append(line).Append('\n');
        WriteStderr(text.ToString());
    }

    /// <summary>Writes raw text to stderr (usage, version).</summary>
    public static void WriteStderr(string text) => Libc.TryWrite(2, Utf8Text.GetBytes(text));
}
