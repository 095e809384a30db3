namespace Solo5Net.DevEmu.E1000;

/// <summary>82540EM register offsets in BAR0 and the bits this model acts on.</summary>
public static class Reg
{
    public const int CTRL = 0x0000, STATUS = 0x0008, EECD = 0x0010, EERD = 0x0014, CTRL_EXT = 0x0018, MDIC = 0x0020;
    public const int FCAL = 0x0028, FCAH = 0x002C, FCT = 0x0030, VET = 0x0038;
    public const int ICR = 0x00C0, ITR = 0x00C4, ICS = 0x00C8, IMS = 0x00D0, IMC = 0x00D8;
    public const int RCTL = 0x0100, FCTTV = 0x0170, TXCW = 0x0178, RXCW = 0x0180;
    public const int TCTL = 0x0400, TIPG = 0x0410, LEDCTL = 0x0E00, PBA = 0x1000;
    public const int FCRTL = 0x2160, FCRTH = 0x2168;
    public const int RDBAL = 0x2800, RDBAH = 0x2804, RDLEN = 0x2808, RDH = 0x2810, RDT = 0x2818;
    public const int RDTR = 0x2820, RXDCTL = 0x2828, RADV = 0x282C, RSRPD = 0x2C00;
    public const int TDBAL = 0x3800, TDBAH = 0x3804, TDLEN = 0x3808, TDH = 0x3810, TDT = 0x3818;
    public const int TIDV = 0x3820, TXDCTL = 0x3828, TADV = 0x382C;
    public const int STATS_FIRST = 0x4000, STATS_LAST = 0x40FC;
    public const int MPC = 0x4010, GPRC = 0x4074, BPRC = 0x4078, MPRC = 0x407C, GPTC = 0x4080;
    public const int GORCL = 0x4088, GORCH = 0x408C, GOTCL = 0x4090, GOTCH = 0x4094;
    public const int TORL = 0x40C0, TORH = 0x40C4, TOTL = 0x40C8, TOTH = 0x40CC, TPR = 0x40D0, TPT = 0x40D4;
    public const int RXCSUM = 0x5000, MTA = 0x5200, RAL0 = 0x5400, RAH0 = 0x5404, VFTA = 0x5600;
    public const int WUC = 0x5800, WUFC = 0x5808, MANC = 0x5820;
    public const int MtaEntries = 128, ReceiveAddresses = 16, VftaEntries = 128;

    public const uint CTRL_FD = 0x1, CTRL_ASDE = 0x20, CTRL_SLU = 0x40, CTRL_RST = 0x04000000, CTRL_PHY_RST = 0x80000000;
    public const uint STATUS_LU = 0x2;
    public const uint EERD_START = 0x1, EERD_DONE = 0x10;
    public const uint ICR_TXDW = 0x1, ICR_TXQE = 0x2, ICR_LSC = 0x4, ICR_RXDMT0 = 0x10, ICR_RXO = 0x40, ICR_RXT0 = 0x80;
    public const uint RCTL_EN = 0x2, RCTL_UPE = 0x8, RCTL_MPE = 0x10, RCTL_LPE = 0x20, RCTL_BAM = 0x8000;
    public const uint RCTL_BSEX = 0x02000000, RCTL_SECRC = 0x04000000;
    public const uint TCTL_EN = 0x2, TCTL_PSP = 0x8;
    public const uint RAH_AV = 0x80000000;

    /// <summary>Power-on values of the registers whose reset value is not 0 (STATUS without link).</summary>
    public const uint CtrlReset = 0x00140200, StatusReset = 0x80080781, EecdReset = 0x00000110;
    public const uint PbaReset = 0x00100030, LedctlReset = 0x00000602;

    /// <summary>True for registers this model stores (plain or with side effects); the rest read 0.</summary>
    public static bool IsImplemented(int offset) => offset switch
    {
        CTRL or STATUS or EECD or EERD or CTRL_EXT or MDIC or FCAL or FCAH or FCT or VET => true,
        ICR or ITR or ICS or IMS or IMC or RCTL or FCTTV or TXCW or RXCW or TCTL or TIPG or LEDCTL or PBA => true,
        FCRTL or FCRTH or RDBAL or RDBAH or RDLEN or RDH or RDT or RDTR or RXDCTL or RADV or RSRPD => true,
        TDBAL or TDBAH or TDLEN or TDH or TDT or TIDV or TXDCTL or TADV or RXCSUM or WUC or WUFC or MANC => true,
        >= STATS_FIRST and <= STATS_LAST => true,
        >= MTA and < MTA + 4 * MtaEntries => true,
        >= RAL0 and < RAL0 + 8 * ReceiveAddresses => true,
        >= VFTA and < VFTA + 4 * VftaEntries => true,
        _ => false,
    };
}
