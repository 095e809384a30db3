using System.Buffers.Binary;
using System.Text;

namespace Solo5Net.VfioUser;

/// <summary>VERSION request and reply: u16 major, u16 minor, NUL-terminated JSON capabilities.</summary>
public sealed record VersionPayload(ushort Major, ushort Minor, Capabilities Capabilities)
{
    public const ushort CurrentMajor = 0, CurrentMinor = 1;

    public byte[] Encode()
    {
        var json = Encoding.UTF8.GetBytes(Capabilities.ToJson());
        var bytes = new byte[4 + json.Length + 1];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, Major);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), Minor);
        json.CopyTo(bytes, 4);
        return bytes;
    }

    /// <summary>Decodes; the JSON may be absent (defaults) and must be NUL-terminated when present.</summary>
    public static VersionPayload Decode(ReadOnlySpan<byte> payload)
    {
        PayloadReader.RequireLength(payload, 4, "VERSION");
        var text = payload[4..];
        var capabilities = Capabilities.Defaults;
        if (text.Length > 0)
        {
            int end = text.IndexOf((byte)0);
            if (end < 0) throw new VfioUserProtocolException("VERSION JSON is not NUL-terminated");
            if (end > 0) capabilities = Capabilities.FromJson(Encoding.UTF8.GetString(text[..end]));
        }
        return new VersionPayload(BinaryPrimitives.ReadUInt16LittleEndian(payload),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]), capabilities);
    }
}
