namespace Solo5Net.DevEmu.E1000;

/// <summary>
/// The NIC's 64-word EEPROM as read through EERD: the MAC address in words 0–2, the PCI ids, and a
/// checksum word (0x3F) that makes the 64 words add up to 0xBABA, as drivers verify.
/// </summary>
public sealed class Eeprom
{
    public const int Words = 64;
    private const ushort ChecksumTarget = 0xBABA;
    private readonly ushort[] _words = new ushort[Words];

    public Eeprom(MacAddress mac)
    {
        var b = mac.Bytes;
        for (int i = 0; i < 3; i++) _words[i] = (ushort)(b[2 * i] | b[2 * i + 1] << 8);
        _words[0x0A] = 0x640A;  // initialization control 1
        _words[0x0B] = 0x001E;  // subsystem id
        _words[0x0C] = 0x8086;  // subsystem vendor id
        _words[0x0D] = 0x100E;  // device id
        _words[0x0E] = 0x8086;  // vendor id
        _words[0x0F] = 0x3040;  // initialization control 2
        ushort sum = 0;
        for (int i = 0; i < Words - 1; i++) sum += _words[i];
        _words[Words - 1] = (ushort)(ChecksumTarget - sum);
    }

    /// <summary>The word at <paramref name="address"/>; addresses past the end read 0.</summary>
    public ushort Read(int address) => address is >= 0 and < Words ? _words[address] : (ushort)0;
}
