using System.Text;
using Solo5Net.Manifest;

namespace Solo5Net.Fuzz.Targets;

/// <summary>
/// A manifest source (YAML or Solo5's JSON) as `solo5-manifest gen` reads it: parse and validate.
/// Refusals are <see cref="ManifestException"/>s. A source the validator accepts must become a
/// binary manifest that the tender's decoder accepts, with the same devices in the same order.
/// </summary>
public sealed class ManifestSourceTarget(string name, ManifestSourceFormat format) : IFuzzTarget
{
    public string Name => name;
    public IReadOnlyList<string> AssembliesUnderTest => ["Manifest.Schema"];

    public void Run(byte[] input)
    {
        ManifestModel model;
        try
        {
            model = ManifestSource.Parse(Encoding.UTF8.GetString(input), "fuzz", format);
        }
        catch (ManifestException) { return; }

        var decoded = Mft.Decode(model.ToMft().Encode());
        if (decoded.Entries.Count != model.Devices.Count + 1)
            throw new FuzzFindingException($"{model.Devices.Count} devices became {decoded.Entries.Count - 1} entries");
        for (var i = 0; i < model.Devices.Count; i++)
            if (decoded.Entries[i + 1].Name != model.Devices[i].Name || decoded.Entries[i + 1].Type != model.Devices[i].Type)
                throw new FuzzFindingException($"device {i} '{model.Devices[i].Name}' became entry '{decoded.Entries[i + 1].Name}'");
    }
}
