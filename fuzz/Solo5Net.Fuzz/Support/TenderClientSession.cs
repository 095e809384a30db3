using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Solo5Net.Hvt.Modules.Pci.VfioUser;
using Solo5Net.Interop;

namespace Solo5Net.Fuzz.Support;

/// <summary>
/// What the tender asks of a vfio-user server, in the tender's order: attach
/// (<see cref="VfioUserDevice.Connect"/>: VERSION, DEVICE_GET_INFO, region infos, BAR registers,
/// reset), then what a guest's driver and the PCI module do at run time (the configuration header,
/// interrupts wired to an eventfd, a trapped access to each BAR), then release. A refusal is a
/// <see cref="Hvt.TenderException"/> (the server is gone or broke the protocol) or a
/// <see cref="PciAccessRefusedException"/> (the device refused one access).
/// </summary>
public static class TenderClientSession
{
    public static void Run(string socketPath)
    {
        using var device = VfioUserDevice.Connect(socketPath);
        device.SetupComplete();
        for (uint offset = 0; offset < 0x40; offset += 4)
            Refusable(() => device.ReadConfig(offset, new byte[4]));
        Refusable(() => device.WriteConfig(0x04, [0x07, 0x00]));
        foreach (var index in new[] { InterruptIndex.Intx, InterruptIndex.Msi, InterruptIndex.Msix })
            WireAndUnwire(device, index);
        foreach (var bar in device.Bars)
            if (bar.MappableAreas.Count == 0)
                Refusable(() => device.ReadRegion(bar.Index, 0, new byte[4]));
        Refusable(device.Reset);
    }

    /// <summary>Wires the index's first vector to an eventfd and turns it off again, as the PCI
    /// module does when the guest switches between INTx, MSI and MSI-X.</summary>
    private static void WireAndUnwire(VfioUserDevice device, InterruptIndex index)
    {
        if (device.InterruptVectors(index) == 0) return;
        using var eventfd = Eventfd.Create();
        Refusable(() => device.EnableInterrupts(index, [eventfd.Number]));
        Refusable(() => device.DisableInterrupts(index));
    }

    private static void Refusable(Action access)
    {
        try { access(); }
        catch (PciAccessRefusedException) { }
    }
}
