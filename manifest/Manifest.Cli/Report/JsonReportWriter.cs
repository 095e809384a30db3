using System.Text;
using System.Text.Json;

namespace Solo5Net.Manifest.Cli;

/// <summary>Prints a report as indented JSON.</summary>
public static class JsonReportWriter
{
    public static string Write(ReportMap report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            WriteValue(json, report);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteValue(Utf8JsonWriter json, ReportValue value)
    {
        switch (value)
        {
            case ReportMap map:
                json.WriteStartObject();
                foreach (var (key, field) in map.Fields)
                {
                    json.WritePropertyName(key);
                    WriteValue(json, field);
                }
                json.WriteEndObject();
                break;
            case ReportList list:
                json.WriteStartArray();
                foreach (var item in list.Items) WriteValue(json, item);
                json.WriteEndArray();
                break;
            case ReportText t: json.WriteStringValue(t.Value); break;
            case ReportNumber n: json.WriteNumberValue(n.Value); break;
            case ReportBool b: json.WriteBooleanValue(b.Value); break;
            case ReportHex h: json.WriteStringValue(h.Text); break;
            case ReportSize s: json.WriteNumberValue(s.Bytes); break;
            default: throw new InvalidOperationException("unknown report value " + value.GetType().Name);
        }
    }
}
