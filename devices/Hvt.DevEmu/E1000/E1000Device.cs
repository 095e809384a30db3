using System.Buffers.Binary;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.Interrupts;
using Solo5Net.DevEmu.Pci;
using Solo5Net.DevEmu.Server;

namespace Solo5Net.DevEmu.E1000;

/// <summary>
/// Intel 82540EM (8086:100e): BAR0 128 KiB of registers, BAR1 a 64-byte I/O window (IOADDR at 0,
/// IODATA at 4). Link comes up when the driver sets CTRL.SLU; CTRL.RST resets the MAC. The MAC
/// address is in the EEPROM (read through EERD) and loaded into RAL0/RAH0 at reset. ICR is
/// read-to-clear; the INTx line is high while ICR &amp; IMS is non-zero, and with ITR set it rises
/// at most once per ITR × 256 ns (<see cref="InterruptThrottle"/>). Registers the model does
/// not implement read 0 and ignore writes (logged once at debug level).
/// </summary>
public sealed class E1000Device : IPciDevice
{
    public const ulong Bar0Size = RegisterFile.Bytes, Bar1Size = 64;
    private const int MaxFramesPerWakeup = 64;
    private const ulong ItrUnitNanoseconds = 256;

    private static readonly PciIdentity E1000Identity = new(0x8086, 0x100E, ClassCode: 0x02, Subclass: 0x00, ProgIf: 0,
        Revision: 0x03, SubsystemVendorId: 0x8086, SubsystemId: 0x001E);

    private readonly RegisterFile _regs = new();
    private readonly Eeprom _eeprom;
    private readonly Phy _phy = new();
    private readonly IFramePort _port;
    private readonly ReceiveUnit _rx;
    private readonly TransmitUnit _tx;
    private readonly byte[] _receiveBuffer = new byte[65536];
    private readonly InterruptThrottle _throttle;
    private uint _ioAddress;
    private bool _linkUp;

    /// <param name="clock">The monotonic clock in nanoseconds for interrupt moderation (a test's; CLOCK_MONOTONIC by default).</param>
    public E1000Device(DmaSpace dma, IFramePort port, MacAddress mac, Func<ulong>? clock = null)
    {
        Mac = mac;
        _port = port;
        _eeprom = new Eeprom(mac);
        Config = new ConfigSpace(E1000Identity, [new BarSpec(0, Bar0Size), new BarSpec(1, Bar1Size, IsIo: true)], withMsi: false);
        Interrupts = new InterruptLines(Config);
        _throttle = new InterruptThrottle(UpdateInterrupt, clock);
        _rx = new ReceiveUnit(_regs, dma, RaiseCause);
        _tx = new TransmitUnit(_regs, dma, port, RaiseCause);
        ResetRegisters();
        PollSources = port.Fd >= 0 ? [new PollSource(port.Fd, DrainPort), _throttle.Source] : [_throttle.Source];
    }

    public string Name => "e1000";
    public MacAddress Mac { get; }
    public ConfigSpace Config { get; }
    public InterruptLines Interrupts { get; }
    public IReadOnlyList<PollSource> PollSources { get; }
    public bool LinkUp => _linkUp;
    public long FramesIn { get; private set; }
    public long IgnoredAccesses { get; private set; }

    /// <summary>Accesses to the registers a driver touches per frame (each one a VM exit of its guest).</summary>
    public long IcrReads { get; private set; }
    public long RdtWrites { get; private set; }
    public long TdtWrites { get; private set; }

    /// <summary>Rises of the interrupt line, and those that ITR made wait.</summary>
    public long InterruptsRaised { get; private set; }
    public long InterruptsDeferred => _throttle.Deferred;

    public void ReadBar(int bar, ulong offset, Span<byte> data)
    {
        if (bar == 1) { ReadIo((int)offset, data); return; }
        if (bar != 0) { data.Clear(); return; }
        int first = (int)offset & ~3, end = (int)(offset + (ulong)data.Length + 3) & ~3;
        Span<byte> words = stackalloc byte[end - first <= 64 ? end - first : 0];
        if (words.Length == 0)
        {
            IgnoredAccesses++;
            data.Clear();
            return;
        }
        for (int at = first; at < end; at += 4) BinaryPrimitives.WriteUInt32LittleEndian(words[(at - first)..], ReadRegister(at));
        words.Slice((int)offset - first, data.Length).CopyTo(data);
    }

    public void WriteBar(int bar, ulong offset, ReadOnlySpan<byte> data)
    {
        if (bar == 1) { WriteIo((int)offset, data); return; }
        if (bar != 0 || (offset & 3) != 0 || (data.Length & 3) != 0)
        {
            IgnoredAccesses++;
            ReportPartialWrite(offset, data.Length);
            return;
        }
        for (int i = 0; i < data.Length; i += 4) WriteRegister((int)offset + i, BinaryPrimitives.ReadUInt32LittleEndian(data[i..]));
    }

    public void Reset()
    {
        Config.Reset();
        ResetRegisters();
    }

    /// <summary>A frame arriving from the wire (the tap), e.g. injected by a test.</summary>
    public void DeliverFrame(ReadOnlySpan<byte> frame)
    {
        FramesIn++;
        _rx.Receive(frame, _linkUp);
    }

    public IEnumerable<(string Name, long Value)> Counters() =>
    [
        ("frames-in", FramesIn), ("frames-received", _rx.Accepted),
        ("frames-dropped", _rx.DroppedDisabled + _rx.DroppedNoDescriptors + _rx.DroppedBadRing + _rx.DroppedOversize + _rx.DmaFailures),
        ("rx-no-descriptor", _rx.DroppedNoDescriptors), ("rx-disabled", _rx.DroppedDisabled), ("rx-filtered", _rx.Filtered),
        ("frames-out", _tx.Sent), ("tx-dropped", _tx.Dropped), ("tx-dma-failures", _tx.DmaFailures),
        ("ignored-accesses", IgnoredAccesses), ("icr-reads", IcrReads), ("rdt-writes", RdtWrites), ("tdt-writes", TdtWrites),
        ("interrupts-deferred", InterruptsDeferred),
    ];

    public void Dispose()
    {
        Interrupts.Dispose();
        _throttle.Dispose();
        _port.Dispose();
    }

    /// <summary>Reads register <paramref name="offset"/> (4-byte aligned), with its read side effects.</summary>
    public uint ReadRegister(int offset)
    {
        if (!Reg.IsImplemented(offset))
        {
            Unimplemented(offset, "read");
            return 0;
        }
        uint value = _regs[offset];
        switch (offset)
        {
            case Reg.ICR:
                IcrReads++;
                _regs[Reg.ICR] = 0;
                UpdateInterrupt();
                break;
            case Reg.ICS:
                return _regs[Reg.ICR];
            case Reg.IMC:
                return 0;
            case >= Reg.STATS_FIRST and <= Reg.STATS_LAST:
                _regs[offset] = 0;
                break;
        }
        return value;
    }

    /// <summary>Writes register <paramref name="offset"/> (4-byte aligned), with its side effects.</summary>
    public void WriteRegister(int offset, uint value)
    {
        if (!Reg.IsImplemented(offset))
        {
            Unimplemented(offset, "write");
            return;
        }
        switch (offset)
        {
            case Reg.CTRL: WriteControl(value); break;
            case Reg.STATUS: break;
            case >= Reg.STATS_FIRST and <= Reg.STATS_LAST: break;
            case Reg.EERD: _regs[Reg.EERD] = ReadEeprom(value); break;
            case Reg.MDIC: _regs[Reg.MDIC] = _phy.Access(value); break;
            case Reg.ICR: _regs[Reg.ICR] &= ~value; UpdateInterrupt(); break;
            case Reg.ICS: RaiseCause(value); break;
            case Reg.ITR: _regs[Reg.ITR] = value & 0xFFFF; _throttle.IntervalNanoseconds = (value & 0xFFFF) * ItrUnitNanoseconds; break;
            case Reg.IMS: _regs[Reg.IMS] |= value; UpdateInterrupt(); break;
            case Reg.IMC: _regs[Reg.IMS] &= ~value; UpdateInterrupt(); break;
            case Reg.RDBAL or Reg.TDBAL: _regs[offset] = value & 0xFFFFFFF0; break;
            case Reg.RDLEN or Reg.TDLEN: _regs[offset] = value & 0x000FFF80; break;
            case Reg.RDH or Reg.TDH: _regs[offset] = value & 0xFFFF; break;
            case Reg.RDT: RdtWrites++; _regs[Reg.RDT] = value & 0xFFFF; break;
            case Reg.TDT: TdtWrites++; _regs[Reg.TDT] = value & 0xFFFF; _tx.Run(); break;
            case Reg.TCTL: _regs[Reg.TCTL] = value; _tx.Run(); break;
            default: _regs[offset] = value; break;
        }
    }

    private void WriteControl(uint value)
    {
        if ((value & Reg.CTRL_RST) != 0)
        {
            ResetRegisters();
            return;
        }
        _regs[Reg.CTRL] = value & ~Reg.CTRL_PHY_RST;
        bool link = (value & Reg.CTRL_SLU) != 0;
        if (link == _linkUp) return;
        _linkUp = link;
        _phy.LinkUp = link;
        _regs[Reg.STATUS] = link ? _regs[Reg.STATUS] | Reg.STATUS_LU : _regs[Reg.STATUS] & ~Reg.STATUS_LU;
        RaiseCause(Reg.ICR_LSC);
    }

    private uint ReadEeprom(uint value)
    {
        if ((value & Reg.EERD_START) == 0) return value & ~Reg.EERD_DONE;
        uint address = (value >> 8) & 0xFF;
        return (uint)_eeprom.Read((int)address) << 16 | address << 8 | Reg.EERD_DONE;
    }

    private void ResetRegisters()
    {
        _regs.Clear();
        _regs[Reg.CTRL] = Reg.CtrlReset;
        _regs[Reg.STATUS] = Reg.StatusReset;
        _regs[Reg.EECD] = Reg.EecdReset;
        _regs[Reg.PBA] = Reg.PbaReset;
        _regs[Reg.LEDCTL] = Reg.LedctlReset;
        var mac = Mac.Bytes;
        _regs[Reg.RAL0] = BinaryPrimitives.ReadUInt32LittleEndian(mac);
        _regs[Reg.RAH0] = BinaryPrimitives.ReadUInt16LittleEndian(mac[4..]) | Reg.RAH_AV;
        _linkUp = false;
        _phy.Reset();
        _phy.LinkUp = false;
        _tx.Reset();
        _ioAddress = 0;
        _throttle.Reset();
        Interrupts.Reset();
    }

    private void RaiseCause(uint cause)
    {
        _regs[Reg.ICR] |= cause;
        UpdateInterrupt();
    }

    private void UpdateInterrupt()
    {
        bool level = (_regs[Reg.ICR] & _regs[Reg.IMS]) != 0;
        if (level && !Interrupts.IntxLevel)
        {
            if (!_throttle.TryRaise()) return;
            InterruptsRaised++;
        }
        Interrupts.SetIntx(level);
    }

    private void DrainPort()
    {
        for (int i = 0; i < MaxFramesPerWakeup; i++)
        {
            int n = _port.TryReceive(_receiveBuffer);
            if (n < 0) return;
            DeliverFrame(_receiveBuffer.AsSpan(0, n));
        }
    }

    private void ReadIo(int offset, Span<byte> data)
    {
        uint value = offset switch
        {
            0 => _ioAddress,
            4 when (_ioAddress & 3) == 0 && _ioAddress < Bar0Size => ReadRegister((int)_ioAddress),
            _ => 0,
        };
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        if (data.Length == 4 && (offset & 3) == 0) bytes.CopyTo(data);
        else data.Clear();
    }

    private void WriteIo(int offset, ReadOnlySpan<byte> data)
    {
        if (data.Length != 4 || (offset & 3) != 0) { IgnoredAccesses++; return; }
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (offset == 0) _ioAddress = value;
        else if (offset == 4 && (_ioAddress & 3) == 0 && _ioAddress < Bar0Size) WriteRegister((int)_ioAddress, value);
        else IgnoredAccesses++;
    }

    // Not a lambda in WriteBar: one capturing its parameter would allocate its closure on every write.
    private static void ReportPartialWrite(ulong offset, int length)
    {
        if (Log.FirstTime("e1000-partial-write"))
            Log.Debug($"e1000: ignoring a {length}-byte write at 0x{offset:x} (registers take whole 32-bit writes)");
    }

    private void Unimplemented(int offset, string access)
    {
        IgnoredAccesses++;
        Log.DebugOnce($"e1000-reg-{offset:x}", () => $"e1000: {access} of unimplemented register 0x{offset:x} (reads 0, writes ignored)");
    }
}
