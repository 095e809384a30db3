namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>Frames a reply: $payload#checksum, with '#', '$', '}' and '*' escaped ('}' then the byte XOR 0x20; docs/gdb.md §2).</summary>
public static class RspEncoder
{
    public static byte[] Frame(string payload)
    {
        var frame = new List<byte>(payload.Length + 4) { (byte)'$' };
        byte sum = 0;
        foreach (char c in payload)
        {
            if (c > 0xFF) throw new ArgumentException("a reply carries bytes, one per character", nameof(payload));
            byte b = (byte)c;
            if (b is (byte)'#' or (byte)'$' or (byte)'}' or (byte)'*')
            {
                frame.Add((byte)'}');
                sum += (byte)'}';
                b ^= 0x20;
            }
            frame.Add(b);
            sum += b;
        }
        frame.Add((byte)'#');
        frame.Add((byte)Hex.Byte(sum)[0]);
        frame.Add((byte)Hex.Byte(sum)[1]);
        return [.. frame];
    }
}
