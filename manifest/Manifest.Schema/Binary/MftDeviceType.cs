using Solo5Net.Abi;

namespace Solo5Net.Manifest;

/// <summary>Values of mft_entry.type (their numbers are <see cref="HvtMftType"/>'s) and their source-file names.
/// Types at or above <see cref="ReservedFirst"/> are never devices.</summary>
public static class MftDeviceType
{
    public const uint BlockBasic = HvtMftType.BlockBasic;
    public const uint NetBasic = HvtMftType.NetBasic;
    public const uint PciBasic = HvtMftType.PciBasic;
    public const uint ReservedFirst = HvtMftType.ReservedFirst;

    /// <summary>The name the tender and the manifest sources use ("BLOCK_BASIC", …), or null for an unknown type.</summary>
    public static string? NameOf(uint type) => type switch
    {
        BlockBasic => "BLOCK_BASIC",
        NetBasic => "NET_BASIC",
        PciBasic => "PCI_BASIC",
        ReservedFirst => "RESERVED_FIRST",
        _ => null,
    };

    /// <summary>The device type for a source-file name ("BLOCK_BASIC", "NET_BASIC", "PCI_BASIC"), or null.</summary>
    public static uint? Parse(string name) => name switch
    {
        "BLOCK_BASIC" => BlockBasic,
        "NET_BASIC" => NetBasic,
        "PCI_BASIC" => PciBasic,
        _ => null,
    };
}
