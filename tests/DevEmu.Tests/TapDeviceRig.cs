using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.VfioUser;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// A network-card model of hvt-devemu on a real tap in a private namespace, set up over vfio-user
/// the way a tender sets a device up: IPv6 off on the tap (no stray solicitations in the rings),
/// the device's address in the kernel's neighbour table, BAR0 placed and decoding on, the test's
/// memory DMA-mapped at <paramref name="iova"/> and its eventfd as INTx.
/// </summary>
internal static class TapDeviceRig
{
    public static (NetNamespace Ns, DevEmuServer Server, VfioUserClient Client) Start(string model, string tapName,
        string hostCidr, string deviceIp, string deviceMac, ClientMemory memory, ulong iova, FileDescriptor interrupt)
    {
        var ns = NetNamespace.Create();
        DevEmuServer? server = null;
        VfioUserClient? client = null;
        try
        {
            ns.Exec("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
            ns.AddTap(tapName, hostCidr);
            ns.Exec("ip", "neigh", "add", deviceIp, "lladdr", deviceMac, "dev", tapName);
            server = DevEmuServer.Start(model, ["--tap", tapName, "--mac", deviceMac], ns, verbose: true);
            client = VfioUserClient.Connect(server.SocketPath);
            client.Negotiate();
            client.RegionWrite32(PciRegion.Config, 0x10, 0xFEB00000);
            client.RegionWrite(PciRegion.Config, 4, [0x06, 0x00]);
            client.DmaMap(memory.Fd, 0, iova, memory.Size, DmaProtection.Read | DmaProtection.Write);
            client.SetIrqEventfds(IrqIndex.Intx, 0, [interrupt.Number]);
            return (ns, server, client);
        }
        catch
        {
            client?.Dispose();
            server?.Dispose();
            ns.Dispose();
            throw;
        }
    }
}
