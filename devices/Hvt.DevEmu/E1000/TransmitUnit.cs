using System.Buffers.Binary;
using Solo5Net.DevEmu.Dma;

namespace Solo5Net.DevEmu.E1000;

/// <summary>
/// Sends what the driver queued in the transmit ring, from TDH up to TDT: gathers each frame's
/// buffers up to the descriptor with EOP, pads short frames when TCTL.PSP, hands it to the port,
/// writes DD back into descriptors marked RS, and advances TDH. Legacy descriptors and extended
/// data descriptors carry data; context descriptors are consumed (no offloads are performed).
/// </summary>
public sealed class TransmitUnit(RegisterFile regs, DmaSpace dma, IFramePort port, Action<uint> raiseCause)
{
    public const int DescriptorSize = 16;
    public const int MaximumFrame = 16 * 1024;
    private const byte CmdEop = 0x01, CmdRs = 0x08, CmdDext = 0x20, StatusDd = 0x01;

    private readonly byte[] _frame = new byte[MaximumFrame];
    private int _frameLength;
    private bool _frameBroken;

    public long Sent { get; private set; }
    public long Dropped { get; private set; }
    public long DmaFailures { get; private set; }
    public long BadRing { get; private set; }

    /// <summary>Processes the ring (called after TDT or TCTL changes).</summary>
    public void Run()
    {
        if ((regs[Reg.TCTL] & Reg.TCTL_EN) == 0) return;
        uint count = regs[Reg.TDLEN] / DescriptorSize;
        uint head = regs[Reg.TDH], tail = regs[Reg.TDT];
        if (count == 0 || head >= count || tail >= count)
        {
            if (head != tail) BadRing++;
            return;
        }
        ulong ringBase = regs.Address(Reg.TDBAL);
        Span<byte> descriptor = stackalloc byte[DescriptorSize];
        bool wroteBack = false;
        for (uint processed = 0; head != tail && processed < count; processed++)
        {
            ulong at = ringBase + head * DescriptorSize;
            if (!dma.TryRead(at, descriptor))
            {
                DmaFailures++;
                break;
            }
            ulong buffer = BinaryPrimitives.ReadUInt64LittleEndian(descriptor);
            uint lengthAndType = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[8..]);
            byte command = descriptor[11];
            bool extended = (command & CmdDext) != 0;
            bool isContext = extended && ((lengthAndType >> 20) & 0xF) == 0;
            if (!isContext)
            {
                int length = extended ? (int)(lengthAndType & 0xFFFFF) : (int)(lengthAndType & 0xFFFF);
                Gather(buffer, length);
                if ((command & CmdEop) != 0) Finish();
            }
            if ((command & CmdRs) != 0)
            {
                if (dma.TryWrite(at + 12, [(byte)(descriptor[12] | StatusDd)])) wroteBack = true;
                else DmaFailures++;
            }
            head = (head + 1) % count;
            regs[Reg.TDH] = head;
        }
        uint cause = head == tail ? Reg.ICR_TXQE : 0;
        if (wroteBack) cause |= Reg.ICR_TXDW;
        if (cause != 0) raiseCause(cause);
    }

    public void Reset()
    {
        _frameLength = 0;
        _frameBroken = false;
    }

    private void Gather(ulong buffer, int length)
    {
        if (_frameBroken || length == 0) return;
        if (length > MaximumFrame - _frameLength)
        {
            _frameBroken = true;
            return;
        }
        if (!dma.TryRead(buffer, _frame.AsSpan(_frameLength, length)))
        {
            DmaFailures++;
            _frameBroken = true;
            return;
        }
        _frameLength += length;
    }

    private void Finish()
    {
        if (_frameBroken || _frameLength < 14)
        {
            Dropped++;
            Reset();
            return;
        }
        if ((regs[Reg.TCTL] & Reg.TCTL_PSP) != 0 && _frameLength < ReceiveUnit.MinimumFrame)
        {
            _frame.AsSpan(_frameLength, ReceiveUnit.MinimumFrame - _frameLength).Clear();
            _frameLength = ReceiveUnit.MinimumFrame;
        }
        var frame = _frame.AsSpan(0, _frameLength);
        Reset();
        if (!port.TrySend(frame))
        {
            Dropped++;
            return;
        }
        Sent++;
        regs[Reg.GPTC]++;
        regs[Reg.TPT]++;
        ulong total = regs.Address(Reg.GOTCL) + (ulong)frame.Length;
        regs[Reg.GOTCL] = (uint)total;
        regs[Reg.GOTCH] = (uint)(total >> 32);
    }
}
