using System.Buffers.Binary;
using Solo5Net.DevEmu.Dma;

namespace Solo5Net.DevEmu.E1000;

/// <summary>
/// Puts received frames into the driver's receive ring. The hardware owns descriptors RDH up to
/// RDT-1; a frame is accepted only when receive is enabled, the link is up and enough owned
/// descriptors exist for the whole frame, otherwise it is dropped and counted (MPC, ICR.RXO) —
/// a descriptor the driver owns is never written. Each used descriptor gets its length, and the
/// last one DD | EOP.
/// </summary>
public sealed class ReceiveUnit(RegisterFile regs, DmaSpace dma, Action<uint> raiseCause)
{
    public const int DescriptorSize = 16;
    public const int MinimumFrame = 60, MaximumFrame = 1522;
    private const byte StatusDd = 0x01, StatusEop = 0x02;

    private readonly byte[] _staging = new byte[TransmitUnit.MaximumFrame + 4];

    public long Accepted { get; private set; }
    public long DroppedDisabled { get; private set; }
    public long DroppedNoDescriptors { get; private set; }
    public long DroppedBadRing { get; private set; }
    public long Filtered { get; private set; }
    public long DroppedOversize { get; private set; }
    public long DmaFailures { get; private set; }

    public void Receive(ReadOnlySpan<byte> frame, bool linkUp)
    {
        uint rctl = regs[Reg.RCTL];
        if ((rctl & Reg.RCTL_EN) == 0 || !linkUp) { DroppedDisabled++; return; }
        if (frame.Length < 14 || !FrameFilter.Accepts(regs, frame)) { Filtered++; return; }
        if ((frame.Length > MaximumFrame && (rctl & Reg.RCTL_LPE) == 0) || frame.Length > TransmitUnit.MaximumFrame) { DroppedOversize++; return; }

        var data = WithPaddingAndFcs(frame, (rctl & Reg.RCTL_SECRC) == 0);
        uint count = regs[Reg.RDLEN] / DescriptorSize;
        uint head = regs[Reg.RDH], tail = regs[Reg.RDT];
        if (count == 0 || head >= count || tail >= count) { DroppedBadRing++; return; }
        int bufferSize = BufferSize(rctl);
        uint owned = (tail + count - head) % count;
        uint needed = (uint)((data.Length + bufferSize - 1) / bufferSize);
        if (needed > owned)
        {
            DroppedNoDescriptors++;
            regs[Reg.MPC]++;
            raiseCause(Reg.ICR_RXO);
            return;
        }

        ulong ringBase = regs.Address(Reg.RDBAL);
        Span<byte> descriptor = stackalloc byte[DescriptorSize];
        for (int done = 0; done < data.Length;)
        {
            ulong at = ringBase + head * DescriptorSize;
            int chunk = Math.Min(bufferSize, data.Length - done);
            bool last = done + chunk == data.Length;
            if (!dma.TryRead(at, descriptor) || !dma.TryWrite(BinaryPrimitives.ReadUInt64LittleEndian(descriptor), data.Slice(done, chunk)))
            {
                DmaFailures++;
                return;
            }
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[8..], (ushort)chunk);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[10..], 0);
            descriptor[12] = (byte)(StatusDd | (last ? StatusEop : 0));
            descriptor[13] = 0;
            if (!dma.TryWrite(at + 8, descriptor[8..14]))
            {
                DmaFailures++;
                return;
            }
            head = (head + 1) % count;
            regs[Reg.RDH] = head;
            done += chunk;
        }

        Accepted++;
        regs[Reg.GPRC]++;
        regs[Reg.TPR]++;
        AddOctets(Reg.GORCL, data.Length);
        AddOctets(Reg.TORL, data.Length);
        if ((frame[0] & 1) != 0) regs[frame[..6].IndexOfAnyExcept((byte)0xFF) < 0 ? Reg.BPRC : Reg.MPRC]++;
        uint cause = Reg.ICR_RXT0;
        if ((regs[Reg.RDT] + count - head) % count <= count >> (int)(1 + ((rctl >> 8) & 0x3))) cause |= Reg.ICR_RXDMT0;
        raiseCause(cause);
    }

    /// <summary>RCTL.BSIZE (bits 16–17) with RCTL.BSEX: 2048/1024/512/256, or ×16 when extended.</summary>
    public static int BufferSize(uint rctl)
    {
        int size = 2048 >> (int)((rctl >> 16) & 0x3);
        return (rctl & Reg.RCTL_BSEX) != 0 && ((rctl >> 16) & 0x3) != 0 ? size * 16 : size;
    }

    /// <summary>The frame as the wire delivers it: padded to the 60-byte minimum, then the FCS unless stripped.</summary>
    private Span<byte> WithPaddingAndFcs(ReadOnlySpan<byte> frame, bool appendFcs)
    {
        int length = Math.Max(frame.Length, MinimumFrame);
        var data = _staging.AsSpan(0, length + (appendFcs ? 4 : 0));
        frame.CopyTo(data);
        data[frame.Length..length].Clear();
        if (appendFcs) BinaryPrimitives.WriteUInt32LittleEndian(data[length..], EthernetFcs.Compute(data[..length]));
        return data;
    }

    private void AddOctets(int lowOffset, int bytes)
    {
        ulong total = regs.Address(lowOffset) + (ulong)bytes;
        regs[lowOffset] = (uint)total;
        regs[lowOffset + 4] = (uint)(total >> 32);
    }
}
