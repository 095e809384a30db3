using Solo5Net.Hvt.Modules.Pci.Backends;

namespace Solo5Net.PciProbe;

/// <summary>The edu test device's BAR0 registers (devices/Hvt.DevEmu/DEVICES.md), driven from the host for the probe.</summary>
internal sealed class EduDevice(IPciDevice device)
{
    public const uint Identification = 0x00, Liveness = 0x04, InterruptStatus = 0x24, InterruptRaise = 0x60,
        InterruptAcknowledge = 0x64, DmaSource = 0x80, DmaDestination = 0x88, DmaCount = 0x90, DmaCommand = 0x98;
    public const ulong Buffer = 0x40000;
    private const ulong DmaStart = 1, DmaToRam = 2;

    public uint Read32(uint offset)
    {
        Span<byte> v = stackalloc byte[4];
        device.ReadRegion(0, offset, v);
        return BitConverter.ToUInt32(v);
    }

    public void Write32(uint offset, uint value) => device.WriteRegion(0, offset, BitConverter.GetBytes(value));

    private ulong Read64(uint offset)
    {
        Span<byte> v = stackalloc byte[8];
        device.ReadRegion(0, offset, v);
        return BitConverter.ToUInt64(v);
    }

    private void Write64(uint offset, ulong value) => device.WriteRegion(0, offset, BitConverter.GetBytes(value));

    public bool LivenessOk(uint pattern)
    {
        Write32(Liveness, pattern);
        return Read32(Liveness) == ~pattern;
    }

    /// <summary>Runs one DMA transfer and waits (bounded) for it to finish; false on timeout.</summary>
    public bool Dma(ulong source, ulong destination, ulong count, bool toRam)
    {
        Write64(DmaSource, source);
        Write64(DmaDestination, destination);
        Write64(DmaCount, count);
        Write64(DmaCommand, DmaStart | (toRam ? DmaToRam : 0));
        for (var i = 0; i < 2000; i++)
        {
            if ((Read64(DmaCommand) & DmaStart) == 0) return true;
            Thread.Sleep(1);
        }
        return false;
    }
}
