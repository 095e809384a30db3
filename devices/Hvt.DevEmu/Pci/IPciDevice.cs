using Solo5Net.DevEmu.Interrupts;

namespace Solo5Net.DevEmu.Pci;

/// <summary>A descriptor the server watches for the device, and what to do when it is readable.</summary>
public sealed record PollSource(int Fd, Action OnReadable);

/// <summary>
/// An emulated PCI function as the vfio-user server sees it. The server checks every region access
/// against the BAR's size before calling the device; DMA goes through the device's own checked
/// <see cref="Dma.DmaSpace"/>; interrupts through <see cref="Interrupts"/>.
/// </summary>
public interface IPciDevice : IDisposable
{
    string Name { get; }
    ConfigSpace Config { get; }
    InterruptLines Interrupts { get; }

    /// <summary>Reads from BAR <paramref name="bar"/>; [offset, offset + Length) is inside the BAR.</summary>
    void ReadBar(int bar, ulong offset, Span<byte> data);

    /// <summary>Writes to BAR <paramref name="bar"/>; [offset, offset + Length) is inside the BAR.</summary>
    void WriteBar(int bar, ulong offset, ReadOnlySpan<byte> data);

    /// <summary>A function-level reset: registers and configuration space to power-on values.</summary>
    void Reset();

    /// <summary>Descriptors the device wants served while a client is connected (e.g. a tap).</summary>
    IReadOnlyList<PollSource> PollSources { get; }

    /// <summary>"name value" pairs reported when the server exits.</summary>
    IEnumerable<(string Name, long Value)> Counters();
}
