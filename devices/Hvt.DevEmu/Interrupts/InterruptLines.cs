using Solo5Net.DevEmu.Pci;
using Solo5Net.DevEmu.Server;
using Solo5Net.Interop;
using Solo5Net.VfioUser;

namespace Solo5Net.DevEmu.Interrupts;

/// <summary>
/// The device's interrupts as the client wired them with DEVICE_SET_IRQS: one eventfd for INTx
/// (index 0), one for MSI (index 1) when the device has MSI, and one per vector for MSI-X (index 2)
/// when it has MSI-X. INTx is a level: the eventfd is signalled when the line rises (and again on
/// UNMASK while it is still high). An MSI or MSI-X vector is a message: each one signals. Which one a
/// device uses follows the MSI-X and MSI enable bits in configuration space. MSI-X masking is the
/// client's: the table lives in the client (docs/vfio-user.md), so every vector is sent.
/// Only eventfds are taken, and they are signalled without waiting (docs/security.md): the client
/// shares their file description and may clear O_NONBLOCK or fill the counter.
/// </summary>
public sealed class InterruptLines(ConfigSpace config) : IDisposable
{
    private const int Msix = (int)IrqIndex.Msix;
    private readonly FileDescriptor?[][] _eventfds = [[null], [null], new FileDescriptor?[config.Msix?.Vectors ?? 0]];
    private bool _intxMasked;

    public bool IntxLevel { get; private set; }
    public long Signalled { get; private set; }

    public uint MsiVectors => config.HasMsi ? 1u : 0u;
    public uint MsixVectors => (uint)(config.Msix?.Vectors ?? 0);

    public uint Vectors(uint index) => index switch { IrqIndex.Intx => 1, IrqIndex.Msi => MsiVectors, IrqIndex.Msix => MsixVectors, _ => 0 };

    /// <summary>Applies a SET_IRQS request, taking the eventfd it carries. Returns 0 or an errno.</summary>
    public int Apply(SetIrqsRequest request, Message message)
    {
        uint vectors = Vectors(request.Index);
        bool disableAll = request.DataType == IrqSetFlags.DataNone && request.Action == IrqSetFlags.ActionTrigger && request.Count == 0;
        if (!disableAll && (request.Count == 0 || request.Start >= vectors || request.Count > vectors - request.Start)) return Errno.EINVAL;
        if (request.Index != IrqIndex.Intx && vectors == 0) return Errno.EINVAL;
        int slot = (int)request.Index;
        switch (request.DataType, request.Action)
        {
            case (IrqSetFlags.DataEventfd, IrqSetFlags.ActionTrigger):
                if (message.FdCount != request.Count) return Errno.EINVAL;
                for (int i = 0; i < request.Count; i++)
                    if (!Eventfd.IsEventfd(message.Fd(i)))
                    {
                        Log.Warn($"SET_IRQS refused: the descriptor for interrupt index {request.Index} is not an eventfd");
                        return Errno.EINVAL;
                    }
                for (int i = 0; i < request.Count; i++) Replace(slot, (int)request.Start + i, message.TakeFd(i));
                return 0;
            case (IrqSetFlags.DataNone, IrqSetFlags.ActionTrigger) when disableAll:
                for (int i = 0; i < _eventfds[slot].Length; i++) Replace(slot, i, null);
                return 0;
            case (IrqSetFlags.DataNone, IrqSetFlags.ActionTrigger):
                for (int i = 0; i < request.Count; i++) Signal(slot, (int)request.Start + i);
                return 0;
            case (IrqSetFlags.DataNone, IrqSetFlags.ActionMask) when slot == 0:
                _intxMasked = true;
                return 0;
            case (IrqSetFlags.DataNone, IrqSetFlags.ActionUnmask) when slot == 0:
                _intxMasked = false;
                if (IntxLevel) Signal(0, 0);
                return 0;
            case (IrqSetFlags.DataBool, IrqSetFlags.ActionTrigger):
                for (int i = 0; request.BoolData is { } bools && i < request.Count && i < bools.Length; i++)
                    if (bools[i] != 0) Signal(slot, (int)request.Start + i);
                return 0;
            default:
                return Errno.EINVAL;
        }
    }

    /// <summary>The device raises or lowers its INTx line.</summary>
    public void SetIntx(bool level)
    {
        bool rising = level && !IntxLevel;
        IntxLevel = level;
        config.SetInterruptStatus(level);
        if (rising && !_intxMasked && !config.IntxDisabled && !config.MsixEnabled) Signal(0, 0);
    }

    /// <summary>The device sends its MSI (when enabled and bus mastering).</summary>
    public void SendMsi()
    {
        if (config.MsiEnabled && !config.MsixEnabled) Signal(1, 0);
    }

    /// <summary>The device sends MSI-X vector <paramref name="vector"/> (when MSI-X is enabled).</summary>
    public void SendMsix(int vector)
    {
        if (config.MsixEnabled && vector >= 0 && vector < _eventfds[Msix].Length) Signal(Msix, vector);
    }

    public void Reset()
    {
        IntxLevel = false;
        _intxMasked = false;
        config.SetInterruptStatus(false);
    }

    public void Dispose()
    {
        for (int slot = 0; slot < _eventfds.Length; slot++)
            for (int i = 0; i < _eventfds[slot].Length; i++) Replace(slot, i, null);
    }

    private void Replace(int slot, int vector, FileDescriptor? fd)
    {
        _eventfds[slot][vector]?.Dispose();
        _eventfds[slot][vector] = fd;
    }

    private void Signal(int slot, int vector)
    {
        if (_eventfds[slot][vector] is not { } eventfd) return;
        try
        {
            if (Eventfd.TrySignalShared(eventfd.Number)) Signalled++;
        }
        catch (SystemCallException e)
        {
            ReportSignalFailure(slot, vector, e.Message);
        }
    }

    // Not a lambda in Signal: one capturing its parameter would allocate its closure on every interrupt.
    private static void ReportSignalFailure(int slot, int vector, string why)
    {
        if (Log.FirstTime("irq-signal")) Log.Debug($"cannot signal interrupt {slot}.{vector}: {why}");
    }
}
