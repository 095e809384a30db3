using Solo5Net.Hvt.Security;

namespace Solo5Net.Hvt.Tender;

/// <summary>The core's own options offered before the modules: --mem=N (docs/hvt-abi.md §1.2, §8.1),
/// --no-seccomp and --user=UID:GID (docs/security.md).</summary>
public sealed class CoreOptions
{
    public const string MemPrefix = "--mem=";
    public const string NoSeccomp = "--no-seccomp";
    public const string UserPrefix = "--user=";

    public ulong MemoryBytes { get; private set; } = MemorySize.Default;

    /// <summary>False after --no-seccomp: the tender runs the guest without its seccomp filter.</summary>
    public bool Seccomp { get; private set; } = true;

    /// <summary>The user and group the tender becomes after set-up (--user=UID:GID), or null to stay who it is.</summary>
    public TenderUser? User { get; private set; }

    public bool TryParse(string arg)
    {
        if (arg == NoSeccomp)
        {
            Seccomp = false;
            return true;
        }
        if (arg.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            var value = arg[UserPrefix.Length..];
            User = TenderUser.Parse(value)
                ?? throw new TenderException($"Malformed argument to --user: '{value}' is not UID:GID (two numbers)");
            return true;
        }
        if (!arg.StartsWith(MemPrefix, StringComparison.Ordinal)) return false;
        MemoryBytes = MemorySize.ParseMegabytes(arg[MemPrefix.Length..])
            ?? throw new TenderException("Malformed argument to --mem");
        return true;
    }
}
