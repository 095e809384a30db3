using System.Globalization;

namespace Solo5Net.Hvt.Modules.Pci.Options;

/// <summary>Sizes written as a byte count with an optional K, M or G suffix (binary units).</summary>
public static class SizeParser
{
    public static bool TryParse(string text, out ulong bytes)
    {
        bytes = 0;
        if (text.Length == 0) return false;
        var shift = char.ToUpperInvariant(text[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 };
        var digits = shift == 0 ? text : text[..^1];
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return false;
        if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        if (n > ulong.MaxValue >> shift) return false;
        bytes = n << shift;
        return true;
    }

    /// <summary>The shortest exact spelling: 10485760 → "10M", 12288 → "12K", 100 → "100".</summary>
    public static string Format(ulong bytes)
    {
        foreach (var (shift, suffix) in new[] { (30, "G"), (20, "M"), (10, "K") })
            if (bytes != 0 && bytes % (1UL << shift) == 0) return (bytes >> shift) + suffix;
        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Human-readable with a binary unit, rounding up: 10 MiB, 4 KiB, 1.5 MiB.</summary>
    public static string Describe(ulong bytes)
    {
        foreach (var (shift, unit) in new[] { (30, "GiB"), (20, "MiB"), (10, "KiB") })
            if (bytes >= 1UL << shift)
                return bytes % (1UL << shift) == 0 ? $"{bytes >> shift} {unit}"
                    : string.Create(CultureInfo.InvariantCulture, $"{(double)bytes / (1UL << shift):0.##} {unit}");
        return $"{bytes} bytes";
    }
}
