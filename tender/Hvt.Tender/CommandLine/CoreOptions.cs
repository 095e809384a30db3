namespace Solo5Net.Hvt.Tender;

/// <summary>The core's own options offered before the modules: --mem=N (docs/hvt-abi.md §1.2, §8.1) and
/// --no-seccomp (docs/security.md).</summary>
public sealed class CoreOptions
{
    public const string MemPrefix = "--mem=";
    public const string NoSeccomp = "--no-seccomp";

    public ulong MemoryBytes { get; private set; } = MemorySize.Default;

    /// <summary>False after --no-seccomp: the tender runs the guest without its seccomp filter.</summary>
    public bool Seccomp { get; private set; } = true;

    public bool TryParse(string arg)
    {
        if (arg == NoSeccomp)
        {
            Seccomp = false;
            return true;
        }
        if (!arg.StartsWith(MemPrefix, StringComparison.Ordinal)) return false;
        MemoryBytes = MemorySize.ParseMegabytes(arg[MemPrefix.Length..])
            ?? throw new TenderException("Malformed argument to --mem");
        return true;
    }
}
