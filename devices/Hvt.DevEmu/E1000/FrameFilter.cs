namespace Solo5Net.DevEmu.E1000;

/// <summary>
/// Receive address filtering: unicast to a valid receive address (or any with UPE), multicast by
/// the 4096-bit MTA hash (or any with MPE), broadcast with BAM.
/// </summary>
public static class FrameFilter
{
    public static bool Accepts(RegisterFile regs, ReadOnlySpan<byte> frame)
    {
        var destination = frame[..6];
        uint rctl = regs[Reg.RCTL];
        if (destination.IndexOfAnyExcept((byte)0xFF) < 0) return (rctl & Reg.RCTL_BAM) != 0;
        if ((destination[0] & 1) != 0) return (rctl & Reg.RCTL_MPE) != 0 || MulticastHashHit(regs, destination, rctl);
        if ((rctl & Reg.RCTL_UPE) != 0) return true;
        for (int i = 0; i < Reg.ReceiveAddresses; i++)
        {
            uint low = regs[Reg.RAL0 + 8 * i], high = regs[Reg.RAH0 + 8 * i];
            if ((high & Reg.RAH_AV) == 0) continue;
            if (destination[0] == (byte)low && destination[1] == (byte)(low >> 8) && destination[2] == (byte)(low >> 16)
                && destination[3] == (byte)(low >> 24) && destination[4] == (byte)high && destination[5] == (byte)(high >> 8))
                return true;
        }
        return false;
    }

    private static bool MulticastHashHit(RegisterFile regs, ReadOnlySpan<byte> destination, uint rctl)
    {
        int offset = (int)(rctl >> 12) & 0x3;   // RCTL.MO picks which 12 address bits index the table
        int hash = ((destination[4] >> (4 - offset)) | (destination[5] << (4 + offset))) & 0xFFF;
        return (regs[Reg.MTA + 4 * (hash >> 5)] & (1u << (hash & 31))) != 0;
    }
}
