using System.CommandLine;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.Edu;
using Solo5Net.DevEmu.Pci;
using Solo5Net.DevEmu.Server;
using Solo5Net.Interop;

namespace Solo5Net.DevEmu;

/// <summary>hvt-devemu's command line: one subcommand per device model.</summary>
public static class CommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Serves an emulated PCI device over vfio-user to one client (e.g. hvt-tender --pci=...).");
        root.Subcommands.Add(EduCommand());
        root.Subcommands.Add(E1000Command());
        root.Subcommands.Add(VirtioNetCommand());
        return root;
    }

    private static Option<string> SocketOption() => new("--socket")
    {
        Description = "Path of the Unix socket to listen on (created; removed at exit)",
        Required = true,
    };

    private static Option<bool> VerboseOption() => new("--verbose") { Description = "Log debug details (ignored accesses, faults)" };

    private static Command EduCommand()
    {
        var socket = SocketOption();
        var verbose = VerboseOption();
        var maskBits = new Option<int>("--dma-mask-bits")
        {
            Description = "Bits of DMA address the device keeps (the real edu keeps 28)",
            DefaultValueFactory = _ => 28,
        };
        maskBits.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64) r.AddError("--dma-mask-bits must be between 1 and 64");
        });
        var command = new Command("edu", "The edu DMA test device (1234:11e8): factorial, interrupts, DMA engine") { socket, maskBits, verbose };
        command.SetAction(r => Serve(r.GetValue(socket)!, r.GetValue(verbose), dma => new EduDevice(dma, r.GetValue(maskBits))));
        return command;
    }

    private static Command E1000Command()
    {
        var socket = SocketOption();
        var verbose = VerboseOption();
        var tap = new Option<string>("--tap") { Description = "Existing tap interface to exchange frames with", Required = true };
        var mac = new Option<string?>("--mac") { Description = "MAC address (default: a random locally administered one)" };
        var command = new Command("e1000", "Intel 82540EM gigabit Ethernet (8086:100e) attached to a tap") { socket, tap, mac, verbose };
        command.SetAction(r => Serve(r.GetValue(socket)!, r.GetValue(verbose), dma =>
            E1000.E1000Device.Open(dma, r.GetValue(tap)!, E1000.MacAddress.ParseOrRandom(r.GetValue(mac)))));
        return command;
    }

    private static Command VirtioNetCommand()
    {
        var socket = SocketOption();
        var verbose = VerboseOption();
        var tap = new Option<string>("--tap") { Description = "Existing tap interface to exchange frames with", Required = true };
        var mac = new Option<string?>("--mac") { Description = "MAC address (default: a random locally administered one)" };
        var mtu = new Option<int>("--mtu") { Description = "MTU the device reports (68..65521)", DefaultValueFactory = _ => 1500 };
        mtu.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 68 or > Virtio.VirtioNetDevice.MaxFrame - 14) r.AddError("--mtu must be between 68 and 65521");
        });
        var resetAfter = new Option<long>("--fault-needs-reset-after")
        {
            Description = "Fault injection for driver tests: after N transmitted frames, set DEVICE_NEEDS_RESET once",
        };
        resetAfter.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 0) r.AddError("--fault-needs-reset-after must be a number of frames (0: never)");
        });
        var features = new Option<string>("--features")
        {
            Description = "Features to offer, comma-separated (default: version-1,access-platform,mac,mtu,status)",
            DefaultValueFactory = _ => "version-1,access-platform,mac,mtu,status",
        };
        var command = new Command("virtio-net", "Modern virtio-net (virtio 1.x, 1af4:1041) attached to a tap")
            { socket, tap, mac, mtu, features, resetAfter, verbose };
        command.SetAction(r => Serve(r.GetValue(socket)!, r.GetValue(verbose), dma =>
            Virtio.VirtioNetDevice.Open(dma, r.GetValue(tap)!, E1000.MacAddress.ParseOrRandom(r.GetValue(mac)), (ushort)r.GetValue(mtu),
                Virtio.VirtioFeatures.Parse(r.GetValue(features)!), r.GetValue(resetAfter))));
        return command;
    }

    private static int Serve(string socketPath, bool verbose, Func<DmaSpace, IPciDevice> createDevice)
    {
        Log.Verbose = verbose;
        try
        {
            using var dma = new DmaSpace();
            using var device = createDevice(dma);
            return new DeviceServer(socketPath, device, dma).Run();
        }
        catch (Exception e) when (e is SystemCallException or IOException or ArgumentException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("hvt-devemu: " + e.Message);
            return 1;
        }
    }
}
