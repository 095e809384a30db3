using Solo5Net.Fuzz.Targets;
using Solo5Net.Manifest;

namespace Solo5Net.Fuzz;

/// <summary>Every fuzz target, by name.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<string> Names { get; } =
        ["elf-image", "manifest-yaml", "manifest-json", "vfio-user-server", "vfio-user-client", "hypercall"];

    /// <summary>A fresh instance of target <paramref name="name"/>; null for an unknown name.</summary>
    public static IFuzzTarget? Create(string name) => name switch
    {
        "elf-image" => new ElfImageTarget(),
        "manifest-yaml" => new ManifestSourceTarget(name, ManifestSourceFormat.Yaml),
        "manifest-json" => new ManifestSourceTarget(name, ManifestSourceFormat.Json),
        "vfio-user-server" => new VfioUserServerTarget(),
        "vfio-user-client" => new VfioUserClientTarget(),
        "hypercall" => new HypercallTarget(),
        _ => null,
    };
}
