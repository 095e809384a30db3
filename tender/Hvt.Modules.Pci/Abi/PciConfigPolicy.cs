namespace Solo5Net.Hvt.Modules.Pci.Abi;

/// <summary>
/// Which configuration-space accesses a guest may make through hypercalls 9/10 (docs/abi.md §5):
/// well-formed accesses only, and no write that would move a BAR or the expansion ROM, or switch
/// off memory decoding under a memory BAR (mapped or trapped).
/// </summary>
public static class PciConfigPolicy
{
    public const uint CommandRegister = 0x04;
    public const uint CommandMemorySpace = 0x2;
    private const uint BarsStart = 0x10, BarsEnd = 0x28, RomStart = 0x30, RomEnd = 0x34;

    public static bool IsWellFormed(uint offset, uint size, int configSize) =>
        size is 1 or 2 or 4 && offset % size == 0 && (ulong)offset + size <= (ulong)Math.Min(configSize, PciAbi.ConfigSpaceSize);

    /// <summary>True if the (well-formed) write may be forwarded to the device.</summary>
    public static bool IsWriteAllowed(uint offset, uint size, uint value, bool hasMemoryBar)
    {
        var end = offset + size;
        if (offset < BarsEnd && end > BarsStart) return false;
        if (offset < RomEnd && end > RomStart) return false;
        if (hasMemoryBar && offset == CommandRegister && (value & CommandMemorySpace) == 0) return false;
        return true;
    }
}
