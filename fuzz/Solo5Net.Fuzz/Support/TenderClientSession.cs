using Solo5Net.Hvt.Modules.Pci.Backends;
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
        using (var eventfd = Eventfd.Create())
            Refusable(() => device.EnableInterrupt(eventfd.Number));
        foreach (var bar in device.Bars)
            if (bar.MappableAreas.Count == 0)
                Refusable(() => device.ReadRegion(bar.Index, 0, new byte[4]));
        Refusable(device.Reset);
    }

    private static void Refusable(Action access)
    {
        try { access(); }
        catch (PciAccessRefusedException) { }
    }
}
