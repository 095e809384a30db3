using Solo5Net.Drivers.E1000;
using Solo5Net.Drivers.Virtio;
using Solo5Net.Guest;

namespace Solo5Net.Drivers.Net
{
    /// <summary>Picks the driver for an attached PCI network device by its vendor and device id.</summary>
    public static class PciNetworkDrivers
    {
        /// <summary>Starts the driver that matches <paramref name="device"/>. Null with
        /// <paramref name="error"/> set when no driver matches or the driver cannot start;
        /// <paramref name="driverName"/> names the driver tried (or "pci" when none matched).</summary>
        public static NetworkInterface Start(PciDevice device, out string driverName, out string error)
        {
            if (E1000Driver.Matches(device))
            {
                driverName = "e1000";
                return E1000Driver.Start(device, out error);
            }
            if (VirtioNetDriver.Matches(device))
            {
                driverName = "virtio-net";
                return VirtioNetDriver.Start(device, out error);
            }
            driverName = "pci";
            error = "no driver for this device (drivers: e1000 8086:100e, virtio-net 1af4:1041 or 1af4:1000)";
            return null;
        }
    }
}
