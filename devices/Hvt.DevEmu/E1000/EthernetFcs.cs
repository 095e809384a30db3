namespace Solo5Net.DevEmu.E1000;

/// <summary>The Ethernet frame check sequence (CRC-32, reflected polynomial 0xEDB88320).</summary>
public static class EthernetFcs
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> frame)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in frame) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
