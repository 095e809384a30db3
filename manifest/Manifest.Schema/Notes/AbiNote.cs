namespace Solo5Net.Manifest;

/// <summary>The ABI1 note's descriptor: abi_target, abi_version (two reserved words follow, always 0).</summary>
public sealed record AbiNote(uint Target, uint Version)
{
    public const int DescriptorSize = 16;

    /// <summary>abi_target and abi_version: what must be present for the note to be read at all.</summary>
    public const int MinimumDescriptorSize = 8;

    /// <summary>abi_target of an hvt unikernel.</summary>
    public const uint TargetHvt = 1;

    /// <summary>The only hvt ABI version this project speaks.</summary>
    public const uint VersionHvt = 2;

    public static readonly AbiNote Hvt = new(TargetHvt, VersionHvt);

    public static string TargetName(uint target) => target switch
    {
        1 => "hvt", 2 => "spt", 3 => "virtio", 4 => "muen", 5 => "genode", 6 => "xen",
        _ => $"unknown({target})",
    };
}
