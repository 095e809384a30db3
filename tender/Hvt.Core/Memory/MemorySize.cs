namespace Solo5Net.Hvt;

/// <summary>A guest memory size after <see cref="MemorySize.Round"/>, with the warning to print when it changed.</summary>
public sealed record RoundedMemory(ulong Bytes, string? Warning);

/// <summary>The guest memory size rules of docs/hvt-abi.md §1.2.</summary>
public static class MemorySize
{
    public const ulong Mib = 1UL << 20;
    public const ulong PageSize2M = 2 * Mib;
    public const ulong Default = 512 * Mib;
    public const ulong Maximum = 1UL << 32;

    /// <summary>
    /// Parses the N of --mem=N like strtoull into a signed size: optional sign, decimal digits,
    /// stopping at the first non-digit; the MiB value shifted left by 20 (wrapping like size_t).
    /// Returns null for "no number" or a result of 0 ("Malformed argument to --mem").
    /// </summary>
    public static ulong? ParseMegabytes(string text)
    {
        int i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        bool negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
        int digitsStart = i;
        ulong value = 0;
        bool saturated = false;
        for (; i < text.Length && text[i] is >= '0' and <= '9'; i++)
        {
            ulong digit = (ulong)(text[i] - '0');
            if (value > (ulong.MaxValue - digit) / 10) saturated = true;
            else value = value * 10 + digit;
        }
        if (i == digitsStart) return null;
        if (saturated) value = ulong.MaxValue;            // strtoull clamps to ULLONG_MAX
        if (negative) value = unchecked(0 - value);
        ulong bytes = unchecked(value << 20);
        return bytes == 0 ? null : bytes;
    }

    /// <summary>
    /// Rounds a requested size down to 2 MiB (0 becomes 2 MiB) and checks the 4 GiB maximum.
    /// Returns the size and, when it changed, the warning to print.
    /// </summary>
    public static RoundedMemory Round(ulong requested)
    {
        ulong rounded = requested & ~(PageSize2M - 1);
        if (rounded == 0) rounded = PageSize2M;
        string? warning = rounded != requested ? $"adjusting memory to {rounded} bytes" : null;
        if (rounded > Maximum)
            throw new TenderException($"guest memory size {rounded} bytes exceeds the max size {Maximum} bytes");
        return new RoundedMemory(rounded, warning);
    }

    /// <summary>Adds a reserved region (rounded up to 2 MiB) to the allocation, capped at 4 GiB (docs/hvt-abi.md §1.2 net overhead).</summary>
    public static ulong AddReservation(ulong allocation, ulong reservedBytes)
    {
        ulong extra = Alignment.Up(reservedBytes, PageSize2M);
        ulong total = Alignment.Up(allocation + extra, PageSize2M);
        return Math.Min(total, Maximum);
    }
}
