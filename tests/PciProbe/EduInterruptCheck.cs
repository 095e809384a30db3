using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Solo5Net.Hvt.Modules.Pci.Vfio;

namespace Solo5Net.PciProbe;

/// <summary>
/// `--edu-irq`: wires the device's interrupt to an eventfd the way the PCI module does for
/// a unikernel (<see cref="IPciDevice.EnableInterrupts"/>: for a host device VFIO_DEVICE_SET_IRQS,
/// MSI when the device offers it, else INTx; for a vfio-user device the kind its configuration
/// space enables, as the module does for a guest), then has edu raise an interrupt and waits for the
/// eventfd, acknowledges it at the device and re-arms as the module does, twice, and finally checks
/// that nothing more arrives. The caller disables the interrupt by disposing the device.
/// </summary>
internal sealed class EduInterruptCheck(IPciDevice device, EduDevice edu)
{
    public const int Rounds = 2;
    private const uint RaisedCause = 0x0001_0000;
    /// <summary>Generous: in a VM under software emulation a round trip can take long.</summary>
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan QuietTime = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs the check on <paramref name="eventfd"/> (owned by the caller, closed after the
    /// device is disposed); returns which interrupt carried the events ("MSI" or "INTx").</summary>
    public string Run(int eventfd)
    {
        var index = device is VfioHostDevice
            ? device.InterruptVectors(InterruptIndex.Msi) > 0 ? InterruptIndex.Msi : InterruptIndex.Intx
            : MsiEnabled() ? InterruptIndex.Msi : InterruptIndex.Intx;
        if (device.InterruptVectors(index) == 0)
            throw new PciException($"{device.Description}: the device offers no interrupt that can signal an eventfd");
        device.EnableInterrupts(index, [eventfd]);
        var kind = index == InterruptIndex.Msi ? "MSI" : "INTx";
        if (EventfdWait.Signalled(eventfd, TimeSpan.Zero))
            throw new PciException($"{device.Description}: the {kind} eventfd was signalled before edu raised an interrupt");
        for (var round = 1; round <= Rounds; round++)
        {
            edu.Write32(EduDevice.InterruptRaise, RaisedCause);
            if (!EventfdWait.Signalled(eventfd, SignalTimeout))
                throw new PciException($"{device.Description}: edu raised interrupt {round} (status 0x{edu.Read32(EduDevice.InterruptStatus):x}) " +
                    $"but the {kind} eventfd was not signalled within {SignalTimeout.TotalSeconds:0} s");
            Eventfd.Drain(eventfd);
            var status = edu.Read32(EduDevice.InterruptStatus);
            if ((status & RaisedCause) == 0)
                throw new PciException($"{device.Description}: {kind} signalled but edu's interrupt status is 0x{status:x}");
            edu.Write32(EduDevice.InterruptAcknowledge, RaisedCause);
            if (index == InterruptIndex.Intx) device.UnmaskIntx();
        }
        if (EventfdWait.Signalled(eventfd, QuietTime))
            throw new PciException($"{device.Description}: the {kind} eventfd was signalled again after edu's interrupt was acknowledged");
        return kind;
    }

    private bool MsiEnabled()
    {
        Span<byte> b = stackalloc byte[2];
        device.ReadConfig(0x06, b);
        if ((BitConverter.ToUInt16(b) & 0x10) == 0) return false;
        device.ReadConfig(0x34, b[..1]);
        var next = b[0];
        for (var i = 0; i < 48 && next >= 0x40; i++)
        {
            device.ReadConfig((uint)(next & 0xFC), b);
            if (b[0] == 0x05)
            {
                device.ReadConfig((uint)(next & 0xFC) + 2, b);
                return (BitConverter.ToUInt16(b) & 1) != 0;
            }
            next = b[1];
        }
        return false;
    }
}
