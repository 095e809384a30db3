namespace Solo5Net.DevEmu.E1000;

/// <summary>
/// The copper PHY (an M88E1011, address 1) behind MDIC: control, status with link state, ids and
/// autonegotiation registers. MDIC: data 0–15, register 16–20, PHY address 21–25, op 26–27
/// (1 write, 2 read), ready 28, error 30.
/// </summary>
public sealed class Phy
{
    public const int Address = 1;
    private const uint Ready = 0x10000000, Error = 0x40000000;
    private const ushort StatusLink = 0x0004, StatusAutonegComplete = 0x0020;
    private readonly ushort[] _registers = new ushort[32];

    public Phy() => Reset();

    public bool LinkUp { get; set; }

    public void Reset()
    {
        Array.Clear(_registers);
        _registers[0] = 0x1140;  // autonegotiation on, full duplex, 1000 Mb/s
        _registers[1] = 0x7949;  // capabilities; link and autoneg-complete bits follow LinkUp
        _registers[2] = 0x0141;
        _registers[3] = 0x0C20;
        _registers[4] = 0x0DE1;
        _registers[5] = 0x01E0;
        _registers[9] = 0x0E00;
        _registers[10] = 0x3C00;
        _registers[15] = 0x3000;
        _registers[16] = 0x0360;
        _registers[17] = 0xAC00;
    }

    /// <summary>Performs the MDIC operation in <paramref name="mdic"/>; returns the register's new value.</summary>
    public uint Access(uint mdic)
    {
        int register = (int)(mdic >> 16) & 0x1F;
        int phy = (int)(mdic >> 21) & 0x1F;
        uint op = (mdic >> 26) & 0x3;
        if (phy != Address || op is not (1 or 2)) return (mdic & 0x0FFFFFFF) | Ready | Error;
        if (op == 1)
        {
            if (register != 1) _registers[register] = (ushort)mdic;
            return (mdic & 0x0FFFFFFF) | Ready;
        }
        ushort value = _registers[register];
        if (register == 1 && LinkUp) value |= StatusLink | StatusAutonegComplete;
        return (mdic & 0x0FFF0000) | value | Ready;
    }
}
