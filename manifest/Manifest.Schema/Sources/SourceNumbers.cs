using System.Globalization;

namespace Solo5Net.Manifest;

/// <summary>Number syntax of manifest sources: decimal or 0x-hex integers, and sizes with K/M/G suffixes.</summary>
public static class SourceNumbers
{
    /// <summary>"4096", "0x1000", "64K", "10M", "1G" (also "KiB"/"MiB"/"GiB"); powers of 1024.</summary>
    public static bool TryParseSize(string text, out ulong bytes)
    {
        bytes = 0;
        var t = text.Trim();
        ulong multiplier = 1;
        foreach (var (suffix, factor) in Suffixes)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && !IsHexPrefixed(t))
            {
                t = t[..^suffix.Length].TrimEnd();
                multiplier = factor;
                break;
            }
        }
        if (!TryParseInteger(t, out var value)) return false;
        try
        {
            bytes = checked(value * multiplier);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>A non-negative integer in decimal or with a 0x prefix.</summary>
    public static bool TryParseInteger(string text, out ulong value)
    {
        var t = text.Trim();
        if (IsHexPrefixed(t))
        {
            value = 0;
            return t.Length > 2 && ulong.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        return ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A size as the sources write it: the largest exact K/M/G unit.</summary>
    public static string FormatSize(ulong bytes)
    {
        foreach (var (suffix, factor) in Suffixes.Where(s => s.Suffix.Length == 1))
            if (bytes != 0 && bytes % factor == 0) return (bytes / factor).ToString(CultureInfo.InvariantCulture) + suffix;
        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    private static bool IsHexPrefixed(string t) => t.StartsWith("0x", StringComparison.OrdinalIgnoreCase);

    private static readonly (string Suffix, ulong Factor)[] Suffixes =
    [
        ("GiB", 1UL << 30), ("MiB", 1UL << 20), ("KiB", 1UL << 10),
        ("G", 1UL << 30), ("M", 1UL << 20), ("K", 1UL << 10),
    ];
}
