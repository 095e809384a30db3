namespace Solo5Net.Hvt.Tender;

/// <summary>The core's own options offered before the modules: --mem=N (hvt-abi.md §1.2, §8.1).</summary>
public sealed class CoreOptions
{
    public const string MemPrefix = "--mem=";

    public ulong MemoryBytes { get; private set; } = MemorySize.Default;

    public bool TryParse(string arg)
    {
        if (!arg.StartsWith(MemPrefix, StringComparison.Ordinal)) return false;
        MemoryBytes = MemorySize.ParseMegabytes(arg[MemPrefix.Length..])
            ?? throw new TenderException("Malformed argument to --mem");
        return true;
    }
}
