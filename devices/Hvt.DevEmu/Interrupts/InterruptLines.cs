using Solo5Net.DevEmu.Pci;
using Solo5Net.DevEmu.Server;
using Solo5Net.Interop;
using Solo5Net.VfioUser;

namespace Solo5Net.DevEmu.Interrupts;

/// <summary>
/// The device's interrupts as the client wired them with DEVICE_SET_IRQS: one eventfd for INTx
/// (index 0) and, when the device has MSI, one for MSI (index 1). INTx is a level: the eventfd is
/// signalled when the line rises (and again on UNMASK while it is still high). An MSI is a message:
/// each one signals. Which one a device uses follows the MSI enable bit in configuration space.
/// Only eventfds are taken, and they are signalled without waiting (docs/security.md): the client
/// shares their file description and may clear O_NONBLOCK or fill the counter.
/// </summary>
public sealed class InterruptLines(ConfigSpace config) : IDisposable
{
    private readonly FileDescriptor?[] _eventfds = [null, null];
    private bool _intxMasked;

    public bool IntxLevel { get; private set; }
    public long Signalled { get; private set; }

    public uint MsiVectors => config.HasMsi ? 1u : 0u;

    /// <summary>Applies a SET_IRQS request, taking the eventfd it carries. Returns 0 or an errno.</summary>
    public int Apply(SetIrqsRequest request, Message message)
    {
        uint vectors = request.Index switch { IrqIndex.Intx => 1, IrqIndex.Msi => MsiVectors, _ => 0 };
        bool disableAll = request.DataType == IrqSetFlags.DataNone && request.Action == IrqSetFlags.ActionTrigger && request.Count == 0;
        if (!disableAll && (request.Count == 0 || request.Start >= vectors || request.Count > vectors - request.Start)) return Errno.EINVAL;
        if (request.Index == IrqIndex.Msi && vectors == 0) return Errno.EINVAL;
        int slot = (int)request.Index;
        switch (request.DataType, request.Action)
        {
            case (IrqSetFlags.DataEventfd, IrqSetFlags.ActionTrigger):
                if (message.FdCount != request.Count) return Errno.EINVAL;
                var eventfd = message.TakeFd(0);
                if (!Eventfd.IsEventfd(eventfd.Number))
                {
                    eventfd.Dispose();
                    Log.Warn($"SET_IRQS refused: the descriptor for interrupt index {request.Index} is not an eventfd");
                    return Errno.EINVAL;
                }
                Replace(slot, eventfd);
                return 0;
            case (IrqSetFlags.DataNone, IrqSetFlags.ActionTrigger) when disableAll:
                Replace(slot, null);
                return 0;
            case (IrqSetFlags.DataNone, IrqSetFlags.ActionTrigger):
                Signal(slot);
                return 0;
            case (IrqSetFlags.DataNone, IrqSetFlags.ActionMask) when slot == 0:
                _intxMasked = true;
                return 0;
            case (IrqSetFlags.DataNone, IrqSetFlags.ActionUnmask) when slot == 0:
                _intxMasked = false;
                if (IntxLevel) Signal(0);
                return 0;
            case (IrqSetFlags.DataBool, IrqSetFlags.ActionTrigger):
                if (request.BoolData is [not 0, ..]) Signal(slot);
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
        if (rising && !_intxMasked && !config.IntxDisabled) Signal(0);
    }

    /// <summary>The device sends its MSI (when enabled and bus mastering).</summary>
    public void SendMsi()
    {
        if (config.MsiEnabled) Signal(1);
    }

    public void Reset()
    {
        IntxLevel = false;
        _intxMasked = false;
        config.SetInterruptStatus(false);
    }

    public void Dispose()
    {
        Replace(0, null);
        Replace(1, null);
    }

    private void Replace(int slot, FileDescriptor? fd)
    {
        _eventfds[slot]?.Dispose();
        _eventfds[slot] = fd;
    }

    private void Signal(int slot)
    {
        if (_eventfds[slot] is not { } eventfd) return;
        try
        {
            if (Eventfd.TrySignalShared(eventfd.Number)) Signalled++;
        }
        catch (SystemCallException e)
        {
            Log.DebugOnce("irq-signal", () => $"cannot signal interrupt {slot}: {e.Message}");
        }
    }
}
