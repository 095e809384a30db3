using System.Buffers.Binary;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.Interrupts;
using Solo5Net.DevEmu.Pci;
using Solo5Net.DevEmu.Server;

namespace Solo5Net.DevEmu.Edu;

/// <summary>
/// The edu teaching device (1234:11e8): identification, liveness, factorial, interrupt raise and
/// acknowledge, and a DMA engine moving data between its 4 KiB buffer (device address 0x40000) and
/// client memory. DMA addresses are masked to <c>dmaMaskBits</c> bits (28 on the real model).
/// The factorial completes before the write that starts it returns. A DMA does too, unless the device
/// is given a DMA latency (<c>dmaLatencyMs</c>, QEMU's edu takes 100 ms): then the command's busy bit
/// reads 1 until the latency has passed, and only then are the bytes moved and the interrupt raised.
/// With <c>msixVectors</c> &gt; 0 (not on the real device) it also has MSI-X, beside MSI, with its table
/// at <see cref="MsixTableOffset"/> and PBA at <see cref="MsixPbaOffset"/> of BAR0: raising interrupt
/// status bit n sends vector n modulo the vector count (factorial: 0, DMA: 8), so a driver sees which
/// cause fired from the vector alone (devices/Hvt.DevEmu/DEVICES.md).
/// </summary>
public sealed class EduDevice : IPciDevice
{
    public const ulong BarSize = 1 << 20;
    public const uint Identification = 0x010000ed;
    public const ulong BufferAddress = 0x40000;
    public const int BufferSize = 4096;
    public const uint StatusComputing = 0x01, StatusIrqOnFactorial = 0x80;
    public const uint FactorialIrq = 0x001, DmaIrq = 0x100;
    private const uint FactorialZeroFrom = 34;
    public const uint MsixTableOffset = 0x80000, MsixPbaOffset = 0x90000;
    public const ulong DmaStart = 0x1, DmaToDevice = 0x0, DmaFromDevice = 0x2, DmaRaiseIrq = 0x4;

    private static readonly PciIdentity EduIdentity = new(0x1234, 0x11e8, ClassCode: 0x00, Subclass: 0xFF, ProgIf: 0,
        Revision: 0x10, SubsystemVendorId: 0x1af4, SubsystemId: 0x1100);

    private readonly DmaSpace _dma;
    private readonly ulong _dmaMask;
    private readonly byte[] _buffer = new byte[BufferSize];
    private uint _liveness, _factorial, _status, _irqStatus;
    private ulong _dmaSource, _dmaDestination, _dmaCount, _dmaCommand;
    private readonly CompletionTimer? _dmaTimer;

    public EduDevice(DmaSpace dma, int dmaMaskBits = 28, int dmaLatencyMs = 0, int msixVectors = 0)
    {
        if (dmaLatencyMs < 0) throw new ArgumentOutOfRangeException(nameof(dmaLatencyMs), "DMA latency must not be negative");
        if (dmaMaskBits is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(dmaMaskBits), "DMA mask must be 1..64 bits");
        if (msixVectors is < 0 or > 2048) throw new ArgumentOutOfRangeException(nameof(msixVectors), "MSI-X vectors must be 0..2048");
        _dma = dma;
        _dmaMask = dmaMaskBits == 64 ? ulong.MaxValue : (1UL << dmaMaskBits) - 1;
        Config = new ConfigSpace(EduIdentity, [new BarSpec(0, BarSize)], withMsi: true,
            msix: msixVectors > 0 ? new MsixSpec(msixVectors, 0, MsixTableOffset, 0, MsixPbaOffset) : null);
        Interrupts = new InterruptLines(Config);
        if (dmaLatencyMs > 0)
        {
            _dmaTimer = new CompletionTimer((ulong)dmaLatencyMs * 1_000_000UL);
            PollSources = [_dmaTimer.Source];
        }
    }

    public string Name => "edu";
    public ConfigSpace Config { get; }
    public InterruptLines Interrupts { get; }
    public IReadOnlyList<PollSource> PollSources { get; } = [];
    public long DmaErrors { get; private set; }
    public long IgnoredAccesses { get; private set; }

    public void ReadBar(int bar, ulong offset, Span<byte> data)
    {
        ulong value = ulong.MaxValue;
        if (bar == 0 && SizeAllowed(offset, data.Length)) value = ReadRegister(offset);
        else IgnoredAccesses++;
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        if (data.Length <= 8) bytes[..data.Length].CopyTo(data);
        else data.Fill(0xFF);
    }

    public void WriteBar(int bar, ulong offset, ReadOnlySpan<byte> data)
    {
        if (bar != 0 || !SizeAllowed(offset, data.Length))
        {
            IgnoredAccesses++;
            return;
        }
        ulong value = data.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data);
        WriteRegister(offset, value);
    }

    public void Reset()
    {
        _liveness = _factorial = _status = _irqStatus = 0;
        _dmaSource = _dmaDestination = _dmaCount = _dmaCommand = 0;
        Array.Clear(_buffer);
        _dmaTimer?.Cancel();
        Config.Reset();
        Interrupts.Reset();
    }

    public IEnumerable<(string Name, long Value)> Counters() =>
        [("edu-dma-errors", DmaErrors), ("edu-ignored-accesses", IgnoredAccesses)];

    public void Dispose()
    {
        _dmaTimer?.Dispose();
        Interrupts.Dispose();
    }

    // Below 0x80 only 4-byte accesses; from 0x80 on, 4 or 8 bytes.
    private static bool SizeAllowed(ulong offset, int size) =>
        offset < 0x80 ? size == 4 : size is 4 or 8;

    private ulong ReadRegister(ulong offset) => offset switch
    {
        0x00 => Identification,
        0x04 => _liveness,
        0x08 => _factorial,
        0x20 => _status,
        0x24 => _irqStatus,
        0x80 => _dmaSource,
        0x88 => _dmaDestination,
        0x90 => _dmaCount,
        0x98 => _dmaCommand,
        _ => ulong.MaxValue,
    };

    private void WriteRegister(ulong offset, ulong value)
    {
        uint value32 = (uint)value;
        switch (offset)
        {
            case 0x04: _liveness = ~value32; break;
            case 0x08: ComputeFactorial(value32); break;
            case 0x20: _status = (_status & StatusComputing) | (value32 & StatusIrqOnFactorial); break;
            case 0x60: RaiseIrq(value32); break;
            case 0x64: LowerIrq(value32); break;
            case 0x80: if ((_dmaCommand & DmaStart) == 0) _dmaSource = value; break;
            case 0x88: if ((_dmaCommand & DmaStart) == 0) _dmaDestination = value; break;
            case 0x90: if ((_dmaCommand & DmaStart) == 0) _dmaCount = value; break;
            case 0x98:
                if ((_dmaCommand & DmaStart) != 0) break;
                _dmaCommand = value;
                if ((value & DmaStart) == 0) break;
                if (_dmaTimer is null) RunDma();
                else _dmaTimer.Schedule(RunDma);
                break;
            default: IgnoredAccesses++; break;
        }
    }

    private void ComputeFactorial(uint n)
    {
        if ((_status & StatusComputing) != 0) return;
        _status |= StatusComputing;
        // n! has at least 32 factors of two from n = 34 on, so it is 0 modulo 2^32: the same value the
        // real device's 32-bit loop ends with, without 4 billion iterations for a client's 0xffffffff.
        uint result = n >= FactorialZeroFrom ? 0u : 1u;
        for (uint i = n; i > 1 && result != 0; i--) result = unchecked(result * i);
        _factorial = result;
        _status &= ~StatusComputing;
        if ((_status & StatusIrqOnFactorial) != 0) RaiseIrq(FactorialIrq);
    }

    private void RunDma()
    {
        bool fromDevice = (_dmaCommand & DmaFromDevice) != 0;
        ulong deviceAddress = fromDevice ? _dmaSource : _dmaDestination;
        ulong busAddress = (fromDevice ? _dmaDestination : _dmaSource) & _dmaMask;
        if (!InBuffer(deviceAddress, _dmaCount))
            Fail($"DMA of 0x{_dmaCount:x} bytes at device address 0x{deviceAddress:x} is outside the buffer [0x40000, 0x41000)");
        else if (!Config.BusMasterEnabled)
            Fail("DMA while bus mastering is disabled (command register bit 2)");
        else
        {
            var window = _buffer.AsSpan((int)(deviceAddress - BufferAddress), (int)_dmaCount);
            bool ok = fromDevice ? _dma.TryWrite(busAddress, window) : _dma.TryRead(busAddress, window);
            if (!ok) Fail($"DMA of 0x{_dmaCount:x} bytes at bus address 0x{busAddress:x} is outside the client's mapped memory");
        }
        _dmaCommand &= ~DmaStart;
        if ((_dmaCommand & DmaRaiseIrq) != 0) RaiseIrq(DmaIrq);
    }

    private static bool InBuffer(ulong address, ulong count) =>
        address >= BufferAddress && count <= BufferSize && address - BufferAddress <= (ulong)BufferSize - count;

    private void Fail(string why)
    {
        DmaErrors++;
        Log.Debug("edu: " + why);
    }

    private void RaiseIrq(uint bits)
    {
        _irqStatus |= bits;
        if (Config.MsixEnabled)
        {
            for (int n = 0; n < 32; n++)
                if ((bits & (1u << n)) != 0) Interrupts.SendMsix(n % (int)Interrupts.MsixVectors);
        }
        else if (Config.MsiEnabled) Interrupts.SendMsi();
        else Interrupts.SetIntx(_irqStatus != 0);
    }

    private void LowerIrq(uint bits)
    {
        _irqStatus &= ~bits;
        if (!Config.MsiEnabled && !Config.MsixEnabled) Interrupts.SetIntx(_irqStatus != 0);
    }
}
