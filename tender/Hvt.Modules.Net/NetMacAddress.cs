using System.Globalization;

namespace Solo5Net.Hvt.Modules.Net;

/// <summary>Ethernet MAC addresses as --net-mac takes them and as the net module invents them.</summary>
public static class NetMacAddress
{
    public const int Length = 6;

    /// <summary>Parses "xx:xx:xx:xx:xx:xx" (hex, one or two digits per byte); null when malformed.</summary>
    public static byte[]? Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != Length) return null;
        var mac = new byte[Length];
        for (int i = 0; i < Length; i++)
            if (parts[i].Length is < 1 or > 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mac[i]))
                return null;
        return mac;
    }

    /// <summary>Six random bytes made unicast (bit 0 clear) and locally administered (bit 1 set).
    /// From <see cref="Random.Shared"/> (seeded from the kernel's random source), not
    /// RandomNumberGenerator: on Linux that loads OpenSSL, whose libcrypto and libssl then stay
    /// mapped for the whole run, 3.4 MiB of the tender's resident memory (docs/benchmarks.md,
    /// "memory"); an address needs no cryptographic strength.</summary>
    public static byte[] RandomLocal()
    {
        var mac = new byte[Length];
        Random.Shared.NextBytes(mac);
        mac[0] = (byte)((mac[0] & 0xFE) | 0x02);
        return mac;
    }

    public static bool IsZero(ReadOnlySpan<byte> mac) => !mac.ContainsAnyExcept((byte)0);
}
