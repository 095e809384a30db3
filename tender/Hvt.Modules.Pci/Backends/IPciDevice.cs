using Solo5Net.Abi;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Interrupts;

namespace Solo5Net.Hvt.Modules.Pci.Backends;

/// <summary>
/// One attached PCI device, whatever serves it (host VFIO or vfio-user). Region accesses are in
/// device terms (BAR index and offset); the module translates guest addresses. Dispose releases
/// everything the device holds (interrupts, mappings, fds) and resets it where possible.
/// </summary>
public interface IPciDevice : IDisposable
{
    /// <summary>The operator's spelling: "0000:01:00.0" or "vfio-user:/run/edu.sock".</summary>
    string Description { get; }
    HvtPciInfoFlags SourceFlags { get; }
    ushort Segment { get; }
    byte Bus { get; }
    byte DevFn { get; }
    int ConfigSize { get; }

    void ReadConfig(uint offset, Span<byte> data);
    void WriteConfig(uint offset, ReadOnlySpan<byte> data);

    /// <summary>The BARs that exist (size > 0), at most six, by index.</summary>
    IReadOnlyList<PciBarRegion> Bars { get; }
    void ReadRegion(int bar, ulong offset, Span<byte> data);

    /// <summary>A write to a BAR. It may be posted, as a PCI memory write is: it returns before the
    /// device acted on it and a refusal may go unreported, but it takes effect before any later
    /// access to the device is answered.</summary>
    void WriteRegion(int bar, ulong offset, ReadOnlySpan<byte> data);

    /// <summary>mmaps a mappable part of a BAR into the tender; unmapped by Dispose.</summary>
    nint MapBar(int bar, ulong offset, ulong size);

    /// <summary>How many vectors of <paramref name="index"/> the device offers with eventfd signalling (0: none).</summary>
    uint InterruptVectors(InterruptIndex index);

    /// <summary>Wires vectors 0.. of <paramref name="index"/> to <paramref name="eventfds"/> (one each).</summary>
    void EnableInterrupts(InterruptIndex index, ReadOnlySpan<int> eventfds);

    /// <summary>Turns every vector of <paramref name="index"/> off.</summary>
    void DisableInterrupts(InterruptIndex index);

    /// <summary>Re-arms a level-triggered INTx after the tender consumed its event.</summary>
    void UnmaskIntx();

    void Reset();

    /// <summary>Set-up is over and the guest is about to run: from now on the device's accesses
    /// are the guest's, with their shorter bounds.</summary>
    void SetupComplete() { }
}
