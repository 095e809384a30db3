using System.Globalization;

namespace Solo5Net.Hvt.Security;

/// <summary>The unprivileged user and group of --user=UID:GID that the tender becomes after set-up (docs/security.md).</summary>
public sealed record TenderUser(uint Uid, uint Gid)
{
    /// <summary>UID:GID, both decimal numbers below 4294967295 (which the kernel reads as "unchanged"); null otherwise.</summary>
    public static TenderUser? Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2) return null;
        return Id(parts[0]) is { } uid && Id(parts[1]) is { } gid ? new TenderUser(uid, gid) : null;
    }

    private static uint? Id(string text) =>
        text.Length is > 0 and <= 10 && text.All(char.IsAsciiDigit)
        && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint id) && id != uint.MaxValue
            ? id : null;

    public override string ToString() => $"{Uid}:{Gid}";
}
