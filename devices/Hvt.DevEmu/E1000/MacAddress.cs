using System.Globalization;

namespace Solo5Net.DevEmu.E1000;

/// <summary>A unicast Ethernet address.</summary>
public sealed record MacAddress
{
    private readonly byte[] _bytes;

    private MacAddress(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Parses "aa:bb:cc:dd:ee:ff"; null or empty gives a random locally administered address.</summary>
    public static MacAddress ParseOrRandom(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Random();
        var parts = text.Split(':');
        var bytes = new byte[6];
        if (parts.Length != 6 || parts.Any(p => p.Length != 2)
            || !parts.Select((p, i) => byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i])).All(ok => ok))
            throw new FormatException($"invalid --mac '{text}': expected six hex bytes like 02:00:00:00:00:01");
        if ((bytes[0] & 1) != 0) throw new FormatException($"invalid --mac '{text}': a multicast address cannot name a NIC");
        return new MacAddress(bytes);
    }

    /// <summary>A random locally administered unicast address. Not from RandomNumberGenerator, which on
    /// Linux loads OpenSSL into the server for good (megabytes resident); an address needs no
    /// cryptographic strength.</summary>
    public static MacAddress Random()
    {
        var bytes = new byte[6];
        System.Random.Shared.NextBytes(bytes);
        bytes[0] = (byte)((bytes[0] & 0xFC) | 0x02);
        return new MacAddress(bytes);
    }

    /// <summary>This address with <paramref name="offset"/> added to its last three bytes (the vendor part
    /// and the locally administered bit stay as they are).</summary>
    public MacAddress WithOffset(int offset)
    {
        var bytes = _bytes.ToArray();
        uint low = (uint)(bytes[3] << 16 | bytes[4] << 8 | bytes[5]) + (uint)offset;
        bytes[3] = (byte)(low >> 16);
        bytes[4] = (byte)(low >> 8);
        bytes[5] = (byte)low;
        return new MacAddress(bytes);
    }

    public override string ToString() => string.Join(':', _bytes.Select(b => b.ToString("x2")));

    public bool Equals(MacAddress? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
}
