namespace Solo5Net.Hvt.Modules.Pci.Interrupts;

/// <summary>Byte-level view of a configuration access of 1, 2 or 4 bytes at an offset.</summary>
internal static class ConfigBytes
{
    public static bool Covers(uint offset, uint size, uint at) => at >= offset && at < offset + size;

    public static byte ByteAt(uint offset, uint value, uint at) => (byte)(value >> (int)(8 * (at - offset)));

    public static uint WithByte(uint offset, uint value, uint at, byte b)
    {
        var shift = (int)(8 * (at - offset));
        return (value & ~(0xFFu << shift)) | ((uint)b << shift);
    }
}
