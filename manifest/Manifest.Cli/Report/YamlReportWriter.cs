using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Solo5Net.Manifest.Cli;

/// <summary>Prints a report as block-style YAML, quoting any text that is not a plain word.</summary>
public static partial class YamlReportWriter
{
    public static string Write(ReportMap report)
    {
        var text = new StringBuilder();
        WriteMap(text, report, 0);
        return text.ToString();
    }

    private static void WriteMap(StringBuilder text, ReportMap map, int indent)
    {
        foreach (var (key, value) in map.Fields)
        {
            text.Append(' ', indent).Append(key).Append(':');
            WriteValue(text, value, indent);
        }
    }

    private static void WriteValue(StringBuilder text, ReportValue value, int indent)
    {
        switch (value)
        {
            case ReportMap { Fields.Count: 0 }:
                text.Append(" {}\n");
                break;
            case ReportMap map:
                text.Append('\n');
                WriteMap(text, map, indent + 2);
                break;
            case ReportList { Items.Count: 0 }:
                text.Append(" []\n");
                break;
            case ReportList list:
                text.Append('\n');
                foreach (var item in list.Items)
                {
                    text.Append(' ', indent + 2).Append("- ");
                    if (item is ReportMap { Fields.Count: > 0 } itemMap)
                    {
                        var first = true;
                        foreach (var (key, field) in itemMap.Fields)
                        {
                            if (!first) text.Append(' ', indent + 4);
                            first = false;
                            text.Append(key).Append(':');
                            WriteValue(text, field, indent + 4);
                        }
                    }
                    else
                    {
                        text.Append(Scalar(item)).Append('\n');
                    }
                }
                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Scalar(ReportValue value) => value switch
    {
        ReportText t => PlainWord().IsMatch(t.Value) && !IsYamlKeyword(t.Value) ? t.Value : "\"" + JsonEncodedText.Encode(t.Value) + "\"",
        ReportNumber n => n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ReportBool b => b.Value ? "true" : "false",
        ReportHex h => h.Text,
        ReportSize s => SourceNumbers.FormatSize(s.Bytes),
        ReportMap { Fields.Count: 0 } => "{}",
        ReportList { Items.Count: 0 } => "[]",
        _ => throw new InvalidOperationException("nested value in a list of scalars"),
    };

    private static bool IsYamlKeyword(string s) =>
        s.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off" or "null" or "y" or "n";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]*$")]
    private static partial Regex PlainWord();
}
