using System.Buffers.Binary;
using Solo5Net.Hvt.Modules.Pci.Abi;

namespace Solo5Net.Hvt.Modules.Pci.Backends;

/// <summary>The tender's own writes to a device's configuration header: placing BARs and enabling decoding.</summary>
public static class PciConfigHeader
{
    private const ushort IoSpace = 0x1, MemorySpace = 0x2, BusMaster = 0x4;

    /// <summary>Writes <paramref name="address"/> into the BAR register (both halves of a 64-bit BAR).</summary>
    public static void ProgramBar(IPciDevice device, PciBarRegion bar, ulong address)
    {
        var register = (uint)(0x10 + 4 * bar.Index);
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)address);
        device.WriteConfig(register, value);
        if (!bar.Is64Bit) return;
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)(address >> 32));
        device.WriteConfig(register + 4, value);
    }

    /// <summary>Turns on I/O and memory decoding for the BARs the device has, and bus mastering (DMA).</summary>
    public static void EnableDecoding(IPciDevice device)
    {
        Span<byte> command = stackalloc byte[2];
        device.ReadConfig(PciConfigPolicy.CommandRegister, command);
        var value = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(command) | BusMaster);
        foreach (var bar in device.Bars)
            value |= bar.IsIo ? IoSpace : MemorySpace;
        BinaryPrimitives.WriteUInt16LittleEndian(command, value);
        device.WriteConfig(PciConfigPolicy.CommandRegister, command);
    }
}
