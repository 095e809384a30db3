using Solo5Net.Abi;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.Edu;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Interrupts;

namespace Solo5Net.Fuzz.Support;

/// <summary>
/// The tender's view (<see cref="Hvt.Modules.Pci.Backends.IPciDevice"/>) of hvt-devemu's edu model in
/// this process, configuration space only: what the PCI configuration hypercalls reach, without a
/// server process. Region accesses are refused as a device would refuse them.
/// </summary>
public sealed class EduConfigDevice : Hvt.Modules.Pci.Backends.IPciDevice
{
    private readonly DmaSpace _dma = new();
    private readonly EduDevice _edu;

    public EduConfigDevice() => _edu = new EduDevice(_dma);

    public string Description => "edu (in process)";
    public HvtPciInfoFlags SourceFlags => HvtPciInfoFlags.VfioUser;
    public ushort Segment => 0;
    public byte Bus => 0;
    public byte DevFn => 0;
    public int ConfigSize => 256;
    public IReadOnlyList<PciBarRegion> Bars => [];

    public void ReadConfig(uint offset, Span<byte> data)
    {
        if (offset + (ulong)data.Length > (ulong)ConfigSize) throw new PciAccessRefusedException($"config read at 0x{offset:x}");
        _edu.Config.Read((int)offset, data);
    }

    public void WriteConfig(uint offset, ReadOnlySpan<byte> data)
    {
        if (offset + (ulong)data.Length > (ulong)ConfigSize) throw new PciAccessRefusedException($"config write at 0x{offset:x}");
        _edu.Config.Write((int)offset, data);
    }

    public void ReadRegion(int bar, ulong offset, Span<byte> data) => throw new PciAccessRefusedException("no BARs");
    public void WriteRegion(int bar, ulong offset, ReadOnlySpan<byte> data) => throw new PciAccessRefusedException("no BARs");
    public nint MapBar(int bar, ulong offset, ulong size) => throw new NotSupportedException("no BARs");
    public uint InterruptVectors(InterruptIndex index) => 0;
    public void EnableInterrupts(InterruptIndex index, ReadOnlySpan<int> eventfds) { }
    public void DisableInterrupts(InterruptIndex index) { }
    public void UnmaskIntx() { }
    public void Reset() => _edu.Reset();

    public void Dispose()
    {
        _edu.Dispose();
        _dma.Dispose();
    }
}
