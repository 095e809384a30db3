using System.Text;
using System.Text.Json;

namespace Solo5Net.VfioUser;

/// <summary>
/// The capabilities object of VERSION: {"capabilities":{...}}. Absent keys take the protocol
/// defaults (one fd per message, 1 MiB per data transfer). Unknown keys are ignored.
/// </summary>
public sealed record Capabilities(
    uint MaxMsgFds = Capabilities.DefaultMaxMsgFds,
    uint MaxDataXferSize = Capabilities.DefaultMaxDataXferSize,
    uint? MaxDmaMaps = null,
    ulong? PageSizes = null,
    bool TwinSocket = false,
    bool WriteMultiple = false)
{
    public const uint DefaultMaxMsgFds = 1;
    public const uint DefaultMaxDataXferSize = 1 << 20;

    public static Capabilities Defaults { get; } = new();

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("capabilities");
            json.WriteNumber("max_msg_fds", MaxMsgFds);
            json.WriteNumber("max_data_xfer_size", MaxDataXferSize);
            if (MaxDmaMaps is { } maps) json.WriteNumber("max_dma_maps", maps);
            if (PageSizes is { } pages) json.WriteNumber("pgsizes", pages);
            if (TwinSocket)
            {
                json.WriteStartObject("twin_socket");
                json.WriteBoolean("supported", true);
                json.WriteEndObject();
            }
            if (WriteMultiple) json.WriteBoolean("write_multiple", true);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses the JSON text; malformed JSON or wrongly typed known keys are protocol errors.</summary>
    public static Capabilities FromJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new VfioUserProtocolException("VERSION JSON is not an object");
            if (!document.RootElement.TryGetProperty("capabilities", out var caps)) return Defaults;
            if (caps.ValueKind != JsonValueKind.Object)
                throw new VfioUserProtocolException("VERSION \"capabilities\" is not an object");
            var result = Defaults;
            if (caps.TryGetProperty("max_msg_fds", out var fds)) result = result with { MaxMsgFds = fds.GetUInt32() };
            if (caps.TryGetProperty("max_data_xfer_size", out var xfer)) result = result with { MaxDataXferSize = xfer.GetUInt32() };
            if (caps.TryGetProperty("max_dma_maps", out var maps)) result = result with { MaxDmaMaps = maps.GetUInt32() };
            if (caps.TryGetProperty("pgsizes", out var pages)) result = result with { PageSizes = pages.GetUInt64() };
            if (caps.TryGetProperty("twin_socket", out var twin) && twin.ValueKind == JsonValueKind.Object
                && twin.TryGetProperty("supported", out var supported)) result = result with { TwinSocket = supported.GetBoolean() };
            if (caps.TryGetProperty("write_multiple", out var multi)) result = result with { WriteMultiple = multi.GetBoolean() };
            return result;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new VfioUserProtocolException($"VERSION capabilities are not valid: {e.Message}");
        }
    }
}
