using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using static Solo5Net.Hvt.Modules.Pci.Interrupts.ConfigBytes;

namespace Solo5Net.Hvt.Modules.Pci.Interrupts;

/// <summary>Adds an eventfd to POLL: <paramref name="filter"/> consumes it and says whether POLL reports
/// the device; <paramref name="beforeWait"/> runs at the start of each POLL.</summary>
public delegate void PollRegistration(int fd, Func<bool> filter, Action? beforeWait);

/// <summary>
/// One device's interrupts as a PCI bus delivers them (docs/abi.md §5, §7). What the guest wrote
/// to configuration space decides which kind is on, on either backend: MSI-X when its enable bit is
/// set, else MSI when its enable bit is set, else INTx unless the command register disables it, else
/// none; the router turns the matching VFIO / vfio-user interrupt index on and the others off. INTx
/// and MSI signal one eventfd; each MSI-X vector has its own, behind the tender's
/// <see cref="MsixTable"/>: a delivered vector sets its bit in the device's interrupt-status page.
/// </summary>
public sealed class InterruptRouter : IDisposable
{
    private const uint CommandHigh = 0x05;          // byte of the command register holding INTx disable
    private const byte IntxDisableBit = 0x04;       // bit 10 of the command register
    private enum Mode { None, Intx, Msi, Msix }

    private readonly IPciDevice _device;
    private readonly uint? _msiOffset;
    private readonly bool _hasIntx, _hasMsi;
    private readonly FileDescriptor _line;
    private readonly FileDescriptor[] _vectors;
    private readonly List<int> _released = [];
    private SharedWords? _status;
    private Mode _mode;
    private bool _intxDisabled, _msiEnabled, _msixEnabled, _msixMasked, _rearm;

    private InterruptRouter(IPciDevice device, uint? msiOffset, bool hasIntx, bool hasMsi, MsixCapability? msix, int vectors,
        FileDescriptor line, FileDescriptor[] vectorFds)
    {
        _device = device;
        _msiOffset = msiOffset;
        _hasIntx = hasIntx;
        _hasMsi = hasMsi;
        _line = line;
        _vectors = vectorFds;
        if (vectors > 0)
        {
            Msix = msix;
            Table = new MsixTable(vectors);
        }
    }

    /// <summary>The device's MSI-X capability when the tender serves it, else null.</summary>
    public MsixCapability? Msix { get; }
    /// <summary>The emulated table and PBA when the tender serves MSI-X, else null.</summary>
    public MsixTable? Table { get; }
    /// <summary>False if the device has no interrupt the tender can deliver.</summary>
    public bool HasInterrupt => _hasIntx || _hasMsi || Table != null;
    /// <summary>"INTx", "MSI", "MSI-X" or "none": what is wired now.</summary>
    public string Wired => _mode switch { Mode.Intx => "INTx", Mode.Msi => "MSI", Mode.Msix => "MSI-X", _ => "none" };
    /// <summary>The eventfd of MSI-X vector <paramref name="vector"/> (for tests and diagnostics).</summary>
    public int VectorFd(int vector) => _vectors[vector].Number;
    public int LineFd => _line.Number;

    /// <summary>Reads what the device offers (capabilities, the backend's vector counts) and makes
    /// the eventfds; nothing is wired until <see cref="Start"/>.</summary>
    public static InterruptRouter Create(IPciDevice device, MsixCapability? msix)
    {
        var msiOffset = PciCapabilityList.Find(device, PciCapabilityList.MsiId);
        var hasIntx = device.InterruptVectors(InterruptIndex.Intx) > 0;
        var hasMsi = msiOffset != null && device.InterruptVectors(InterruptIndex.Msi) > 0;
        var vectors = msix == null ? 0
            : (int)Math.Min((uint)Math.Min(msix.TableSize, PciAbi.MaxMsixVectors), device.InterruptVectors(InterruptIndex.Msix));
        using var scope = new SetupScope();
        var line = scope.Own(Eventfd.Create());
        var vectorFds = new FileDescriptor[vectors];
        for (var v = 0; v < vectors; v++) vectorFds[v] = scope.Own(Eventfd.Create());
        scope.Commit();
        return new InterruptRouter(device, msiOffset, hasIntx, hasMsi, msix, vectors, line, vectorFds);
    }

    /// <summary>Registers the eventfds with POLL (under the device's manifest index: the caller's
    /// <paramref name="register"/>), sets where fired vectors are reported, and wires what the
    /// device's configuration asks for.</summary>
    public void Start(PollRegistration register, SharedWords? status)
    {
        _status = status;
        register(_line.Number, ReportLine, RearmIntx);
        for (var v = 0; v < _vectors.Length; v++)
        {
            var vector = v;
            register(_vectors[v].Number, () => ReportVector(vector), null);
        }
        ReadConfigState();
        Apply();
    }

    /// <summary>The bar ranges the tender owns (MSI-X table and PBA): never mapped, never forwarded.</summary>
    public IEnumerable<(int Bar, ulong Offset, ulong Length)> OwnedBarRanges =>
        Msix is { } m ? [(m.TableBar, m.TableOffset, m.TableLength), (m.PbaBar, m.PbaOffset, m.PbaLength)] : [];

    /// <summary>A trapped BAR access: true if it hit the MSI-X table or PBA and was served here.</summary>
    public bool TryAccessBar(int bar, ulong offset, Span<byte> data, bool isWrite)
    {
        if (Msix is not { } m || Table is not { } table) return false;
        if (bar == m.TableBar && offset >= m.TableOffset && offset - m.TableOffset < m.TableLength)
        {
            if (!isWrite) { table.ReadTable(offset - m.TableOffset, data); return true; }
            _released.Clear();
            table.WriteTable(offset - m.TableOffset, data, _released);
            Redeliver();
            return true;
        }
        if (bar == m.PbaBar && offset >= m.PbaOffset && offset - m.PbaOffset < m.PbaLength)
        {
            if (!isWrite) table.ReadPba(offset - m.PbaOffset, data);
            return true;
        }
        return false;
    }

    /// <summary>After the guest's (forwarded) configuration write: follows the INTx-disable, MSI
    /// enable and MSI-X enable and function-mask bits it changed. A backend that refuses to switch
    /// leaves nothing wired and is a <see cref="PciAccessRefusedException"/>.</summary>
    public void OnConfigWrite(uint offset, uint size, uint value)
    {
        var changed = false;
        if (Covers(offset, size, CommandHigh))
        {
            _intxDisabled = (ByteAt(offset, value, CommandHigh) & IntxDisableBit) != 0;
            changed = true;
        }
        if (_msiOffset is { } msi && Covers(offset, size, msi + 2))
        {
            _msiEnabled = (ByteAt(offset, value, msi + 2) & 1) != 0;
            changed = true;
        }
        if (Msix is { } m && Covers(offset, size, m.ControlOffset + 1))
        {
            TakeMsixControl(ByteAt(offset, value, m.ControlOffset + 1));
            changed = true;
        }
        if (!changed) return;
        Apply();
        if (Table is { } table && (table.Enabled != (_mode == Mode.Msix) || table.FunctionMasked != _msixMasked))
        {
            _released.Clear();
            table.SetFunctionControl(_mode == Mode.Msix, _msixMasked, _released);
            Redeliver();
        }
    }

    /// <summary>A configuration read as the guest sees it: MSI-X Message Control shows the vectors
    /// the tender serves and the enable and function-mask bits as the guest last wrote them.</summary>
    public uint OverlayConfigRead(uint offset, uint size, uint value)
    {
        if (Msix is not { } m || Table is not { } table) return value;
        var control = (ushort)((table.Vectors - 1) | (_msixEnabled ? MsixCapability.EnableBit : 0) | (_msixMasked ? MsixCapability.FunctionMaskBit : 0));
        if (Covers(offset, size, m.ControlOffset)) value = WithByte(offset, value, m.ControlOffset, (byte)control);
        if (Covers(offset, size, m.ControlOffset + 1)) value = WithByte(offset, value, m.ControlOffset + 1, (byte)(control >> 8));
        return value;
    }

    private void ReadConfigState()
    {
        Span<byte> b = stackalloc byte[1];
        _device.ReadConfig(CommandHigh, b);
        _intxDisabled = (b[0] & IntxDisableBit) != 0;
        if (_msiOffset is { } msi) { _device.ReadConfig(msi + 2, b); _msiEnabled = (b[0] & 1) != 0; }
        if (Msix is { } m)
        {
            _device.ReadConfig(m.ControlOffset + 1, b);
            TakeMsixControl(b[0]);
            _released.Clear();
            if (_msixEnabled) { Apply(); Table!.SetFunctionControl(_mode == Mode.Msix, _msixMasked, _released); }
        }
    }

    /// <summary>The enable and function-mask bits from the high byte of MSI-X Message Control.</summary>
    private void TakeMsixControl(byte high)
    {
        _msixEnabled = (high & (MsixCapability.EnableBit >> 8)) != 0;
        _msixMasked = (high & (MsixCapability.FunctionMaskBit >> 8)) != 0;
    }

    private Mode Desired() =>
        _msixEnabled && Table != null ? Mode.Msix
        : _msiEnabled && _hasMsi ? Mode.Msi
        : !_intxDisabled && _hasIntx ? Mode.Intx
        : Mode.None;

    private void Apply()
    {
        var wanted = Desired();
        if (wanted == _mode) return;
        var previous = _mode;
        _mode = Mode.None;
        _rearm = false;
        try
        {
            if (previous != Mode.None) _device.DisableInterrupts(IndexOf(previous));
            Eventfd.Drain(_line.Number);
            foreach (var fd in _vectors) Eventfd.Drain(fd.Number);
            if (wanted == Mode.Msix)
            {
                Span<int> fds = stackalloc int[_vectors.Length];
                for (var v = 0; v < fds.Length; v++) fds[v] = _vectors[v].Number;
                _device.EnableInterrupts(InterruptIndex.Msix, fds);
            }
            else if (wanted != Mode.None)
            {
                _device.EnableInterrupts(IndexOf(wanted), [_line.Number]);
            }
            _mode = wanted;
        }
        catch (SystemCallException e)
        {
            throw new PciAccessRefusedException($"{_device.Description}: switching interrupts to {wanted}: {e.Message}");
        }
    }

    private static InterruptIndex IndexOf(Mode mode) => mode switch
    {
        Mode.Intx => InterruptIndex.Intx,
        Mode.Msi => InterruptIndex.Msi,
        _ => InterruptIndex.Msix,
    };

    /// <summary>Vectors unmasked with an interrupt pending fire again through their own eventfd, so the
    /// next POLL delivers them the ordinary way.</summary>
    private void Redeliver()
    {
        foreach (var v in _released) Eventfd.Signal(_vectors[v].Number);
        _released.Clear();
    }

    private bool ReportLine()
    {
        Eventfd.Drain(_line.Number);
        // vfio-pci masks a level-triggered INTx when it fires; unmasking as soon as it is reported would
        // re-fire at once while the guest has not yet acknowledged the device, so re-arm at the next POLL.
        if (_mode == Mode.Intx) _rearm = true;
        return _mode is Mode.Intx or Mode.Msi;
    }

    private void RearmIntx()
    {
        if (!_rearm) return;
        _rearm = false;
        if (_mode == Mode.Intx) _device.UnmaskIntx();
    }

    private bool ReportVector(int vector)
    {
        Eventfd.Drain(_vectors[vector].Number);
        if (_mode != Mode.Msix || !Table!.Fire(vector)) return false;
        _status?.Or(vector / 64, 1UL << (vector % 64));
        return true;
    }

    public void Dispose()
    {
        _line.Dispose();
        foreach (var fd in _vectors) fd.Dispose();
    }
}
