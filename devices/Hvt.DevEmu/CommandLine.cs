using System.CommandLine;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.E1000;
using Solo5Net.DevEmu.Edu;
using Solo5Net.DevEmu.Net.Switch;
using Solo5Net.DevEmu.Pci;
using Solo5Net.DevEmu.Server;
using Solo5Net.Interop;

namespace Solo5Net.DevEmu;

/// <summary>hvt-devemu's command line: one subcommand per device model.</summary>
public static class CommandLine
{
    public const int MaxClients = 64;

    public static RootCommand Build()
    {
        var root = new RootCommand("Serves an emulated PCI device over vfio-user to its clients (e.g. hvt-tender --pci-dev:NAME=vfio-user:PATH), "
            + "one after another, or several at once with --clients.");
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

    private static Option<string> TapOption() =>
        new("--tap") { Description = "Existing tap interface to exchange frames with (shared by all clients through a switch)", Required = true };

    private static Option<string[]> MacOption() => new("--mac")
    {
        Description = "MAC address of an instance; repeat for the next instances (default: derived from the first, or random)",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<int> ClientsOption()
    {
        var clients = new Option<int>("--clients")
        {
            Description = $"How many clients to serve at once, each with a device instance of its own (1 to {MaxClients})",
            DefaultValueFactory = _ => 1,
        };
        RequireRange(clients, 1, MaxClients);
        return clients;
    }

    /// <summary>Refuses a number outside [min, max]. (A value that is no number at all is the parser's
    /// own error: the validator must not ask for its value then, which would throw.)</summary>
    private static void RequireRange(Option<int> option, int min, int max) => option.Validators.Add(r =>
    {
        if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out int value) && (value < min || value > max))
            r.AddError($"{option.Name} must be between {min} and {max}");
    });

    private static Command EduCommand()
    {
        var socket = SocketOption();
        var verbose = VerboseOption();
        var clients = ClientsOption();
        var maskBits = new Option<int>("--dma-mask-bits")
        {
            Description = "Bits of DMA address the device keeps (the real edu keeps 28)",
            DefaultValueFactory = _ => 28,
        };
        RequireRange(maskBits, 1, 64);
        var msix = new Option<int>("--msix")
        {
            Description = "Also offer MSI-X with this many vectors (0, the default, is the real edu: MSI only)",
            DefaultValueFactory = _ => 0,
        };
        RequireRange(msix, 0, 2048);
        var latency = new Option<int>("--dma-latency-ms")
        {
            Description = "Milliseconds a DMA takes before its busy bit clears (QEMU's edu takes 100; default 0: at once)",
            DefaultValueFactory = _ => 0,
        };
        RequireRange(latency, 0, 10_000);
        var command = new Command("edu", "The edu DMA test device (1234:11e8): factorial, interrupts, DMA engine") { socket, clients, maskBits, msix, latency, verbose };
        command.SetAction(r => Serve(r.GetValue(socket)!, "edu", r.GetValue(clients), r.GetValue(verbose),
            () => ((slot, dma) => new EduDevice(dma, r.GetValue(maskBits), r.GetValue(latency), r.GetValue(msix)), null)));
        return command;
    }

    private static Command E1000Command()
    {
        var socket = SocketOption();
        var verbose = VerboseOption();
        var clients = ClientsOption();
        var tap = TapOption();
        var mac = MacOption();
        var command = new Command("e1000", "Intel 82540EM gigabit Ethernet (8086:100e) attached to a tap") { socket, clients, tap, mac, verbose };
        command.SetAction(r => Serve(r.GetValue(socket)!, "e1000", r.GetValue(clients), r.GetValue(verbose), () =>
        {
            var macs = InstanceMacs.Assign(r.GetValue(mac) ?? [], r.GetValue(clients));
            var network = TapSwitch.Open(r.GetValue(tap)!, macs.Count);
            Log.Info(macs.Count == 1 ? $"e1000: tap {r.GetValue(tap)}, MAC {macs[0]}"
                : $"e1000: tap {r.GetValue(tap)}, {macs.Count} instances, MACs {string.Join(' ', macs)}");
            return ((slot, dma) => new E1000Device(dma, network.Attach(slot, macs[slot]), macs[slot]), network);
        }));
        return command;
    }

    private static Command VirtioNetCommand()
    {
        var socket = SocketOption();
        var verbose = VerboseOption();
        var clients = ClientsOption();
        var tap = TapOption();
        var mac = MacOption();
        var mtu = new Option<int>("--mtu") { Description = "MTU the device reports (68..65521)", DefaultValueFactory = _ => 1500 };
        RequireRange(mtu, 68, Virtio.VirtioNetDevice.MaxFrame - 14);
        var resetAfter = new Option<long>("--fault-needs-reset-after")
        {
            Description = "Fault injection for driver tests: after N transmitted frames, set DEVICE_NEEDS_RESET once",
        };
        resetAfter.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && long.TryParse(r.Tokens[0].Value, out long frames) && frames < 0)
                r.AddError("--fault-needs-reset-after must be a number of frames (0: never)");
        });
        var features = new Option<string>("--features")
        {
            Description = "Features to offer, comma-separated (default: version-1,access-platform,mac,mtu,status)",
            DefaultValueFactory = _ => "version-1,access-platform,mac,mtu,status",
        };
        var msix = new Option<int>("--msix")
        {
            Description = "Also offer MSI-X with this many vectors (3: receive, transmit, configuration; 0, the default: INTx only)",
            DefaultValueFactory = _ => 0,
        };
        RequireRange(msix, 0, Virtio.VirtioPciLayout.MaxMsixVectors);
        var command = new Command("virtio-net", "Modern virtio-net (virtio 1.x, 1af4:1041) attached to a tap")
            { socket, clients, tap, mac, mtu, features, msix, resetAfter, verbose };
        command.SetAction(r => Serve(r.GetValue(socket)!, "virtio-net", r.GetValue(clients), r.GetValue(verbose), () =>
        {
            var offered = Virtio.VirtioFeatures.Parse(r.GetValue(features)!);
            var macs = InstanceMacs.Assign(r.GetValue(mac) ?? [], r.GetValue(clients));
            var network = TapSwitch.Open(r.GetValue(tap)!, macs.Count);
            Log.Info($"virtio-net: tap {r.GetValue(tap)}, {(macs.Count == 1 ? $"MAC {macs[0]}" : $"{macs.Count} instances, MACs {string.Join(' ', macs)}")}, " +
                $"MTU {r.GetValue(mtu)}, features 0x{offered:x}" + (r.GetValue(msix) > 0 ? $", {r.GetValue(msix)} MSI-X vectors" : ""));
            return ((slot, dma) => new Virtio.VirtioNetDevice(dma, network.Attach(slot, macs[slot]), macs[slot], (ushort)r.GetValue(mtu),
                offered, r.GetValue(resetAfter), r.GetValue(msix)), network);
        }));
        return command;
    }

    /// <summary>Runs the command line: a parse error is one "hvt-devemu: …" line per problem and exit status 1.</summary>
    public static int Run(string[] args)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count == 0) return parsed.Invoke();
        foreach (var error in parsed.Errors) Console.Error.WriteLine("hvt-devemu: " + error.Message);
        return 1;
    }

    /// <summary>Builds the instances' shared backend (if any), then serves until stopped.</summary>
    /// <param name="prepare">Opens the backend and says how to build the instance of a slot.</param>
    private static int Serve(string socketPath, string deviceName, int clients, bool verbose,
        Func<(Func<int, DmaSpace, IPciDevice> CreateInstance, TapSwitch? Backend)> prepare)
    {
        Log.Verbose = verbose;
        TapSwitch? backend = null;
        try
        {
            (var createInstance, backend) = prepare();
            int status = new DeviceServer(socketPath, deviceName, clients, createInstance).Run();
            backend?.Report();
            return status;
        }
        catch (Exception e) when (e is SystemCallException or IOException or ArgumentException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("hvt-devemu: " + e.Message);
            return 1;
        }
        finally
        {
            backend?.Dispose();
        }
    }
}
