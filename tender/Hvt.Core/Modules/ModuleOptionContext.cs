using Solo5Net.Manifest;

namespace Solo5Net.Hvt;

/// <summary>
/// What a module sees while the command line is parsed, before any VM exists: the manifest (to find
/// and attach its entries), memory reservation above the guest, and diagnostics.
/// </summary>
public sealed class ModuleOptionContext
{
    private readonly TenderState _state;

    internal ModuleOptionContext(TenderState state) => _state = state;

    /// <summary>The executable's path as given on the command line (for messages).</summary>
    public string KernelPath => _state.Kernel.Path;

    /// <summary>The manifest; entries may be changed (attached, device fields) until boot info is written.</summary>
    public Mft Manifest => _state.Kernel.Manifest;

    /// <summary>--verbose was given.</summary>
    public bool Verbose => _state.Verbose;

    /// <summary>The handle (manifest index) of the entry <paramref name="name"/> of <paramref name="type"/>;
    /// an entry the unikernel did not declare is an <see cref="InvalidOptionException"/>.</summary>
    public int RequireDeclared(string name, uint type)
    {
        int index = Manifest.Find(name, type);
        if (index < 0) throw new InvalidOptionException($"Resource not declared in manifest: '{name}'");
        return index;
    }

    /// <summary>
    /// Asks for <paramref name="bytes"/> of guest-physical memory right above the guest-visible RAM,
    /// withheld from mem_size (docs/hvt-abi.md §1.2 ring carve-out). The region is
    /// <see cref="ModuleSetupContext.ReservedRegion"/> in Setup.
    /// </summary>
    public void ReserveMemoryAboveGuest(ulong bytes) => _state.ReservationBytes += bytes;

    /// <summary>Prints "hvt-tender: &lt;message&gt;" on stderr.</summary>
    public void Warn(string message) => Diagnostics.Report(message);
}
