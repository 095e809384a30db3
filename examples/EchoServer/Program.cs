using System;
using Solo5Net.Drivers.Net;
using Solo5Net.EchoServer.Link;
using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Config;
using Solo5Net.EchoServer.Net.Echo;
using Solo5Net.EchoServer.Net.Link;
using Solo5Net.Guest;

namespace Solo5Net.EchoServer
{
    /// <summary>
    /// The echo unikernel: TCP and UDP echo (port 7) and ping, over either a network card driven
    /// directly through the PCI_BASIC device "net0" (EchoServer.hvt: e1000 or virtio-net, the driver
    /// chosen by the device's ids) or the Solo5 NET_BASIC device "service" (EchoServer-net.hvt).
    /// --link=auto (default) uses whichever the manifest attached, PCI first. Runs until the tender is stopped.
    /// </summary>
    public static class Program
    {
        private const int MaxConnections = 16;
        private const int TcpBufferSize = 32 * 1024;
        private const int RxBudget = 64;
        private const ulong IdleWakeNanoseconds = 1_000_000_000UL;

        public static int Main(StartInfo start)
        {
            var commandLine = Ascii(start.CommandLine);
            var error = EchoConfig.TryParse(commandLine, out var config);
            if (error != EchoConfigError.None)
            {
                Solo5.ConsoleWrite("echo: bad command line: ");
                if (config.ErrorLength > 0)
                {
                    Solo5.ConsoleWrite("'");
                    Solo5.ConsoleWrite(commandLine.AsSpan(config.ErrorStart, config.ErrorLength));
                    Solo5.ConsoleWrite("': ");
                }
                Solo5.ConsoleWrite(Describe(error));
                Solo5.ConsoleWrite(" (usage: --ipv4=A.B.C.D/N [--ipv4-gateway=A.B.C.D] [--link=auto|pci|net] [--fault-drop-every=N] [--ping=A.B.C.D])\n");
                return 1;
            }
            var nic = OpenInterface(config.Link);
            if (nic == null) return 1;
            var clock = new Solo5Clock();
            var stack = new NetworkStack(WithFaults(new InterfaceLink(nic), config), clock, config.Ipv4, MaxConnections, TcpBufferSize);
            _ = new EchoService(stack.Tcp, stack.Udp);
            Announce(nic.DriverName, new MacAddress(nic.Mac), config);
            Serve(nic, new StackSink(stack), stack, new PingReport(stack, clock, config), clock);
            nic.Stop();
            return 0;
        }

        /// <summary>The interface --link asks for: the PCI device "net0" (its driver chosen by its
        /// vendor and device id) or the NET_BASIC device "service". Null after printing why not.</summary>
        private static NetworkInterface OpenInterface(LinkKind link)
        {
            PciDevice device = null;
            var usePci = link == LinkKind.Pci;
            if (link != LinkKind.NetBasic) usePci = Solo5.PciAcquire("net0", out device) == Solo5Result.Ok || usePci;
            if (!usePci)
            {
                if (Solo5.NetAcquire("service", out var netDevice) == Solo5Result.Ok) return new NetBasicInterface(netDevice);
                Solo5.ConsoleWrite("echo: NET_BASIC device service is not attached (--net:service=TAP)\n");
                return null;
            }
            if (device == null)
            {
                Solo5.ConsoleWrite("echo: PCI device net0 is not attached (needs a Solo5Net tender with --pci-dev:net0=...)\n");
                return null;
            }
            var nic = PciNetworkDrivers.Start(device, out var driverName, out var failure);
            if (nic != null) return nic;
            Solo5.ConsoleWrite("echo: ");
            Solo5.ConsoleWrite(driverName);
            Solo5.ConsoleWrite(": ");
            Solo5.ConsoleWrite(failure);
            Solo5.ConsoleWrite("\n");
            return null;
        }

        /// <summary>The loop: receive a batch, run timers, flush TX; when idle, clear the interrupt
        /// cause and look once more (a frame that arrived just before is then seen now, and one
        /// arriving later raises a fresh interrupt that ends the Yield), then sleep until the next
        /// timer or the device's interrupt. A batch that emptied the queue of an interface whose every
        /// look costs a request to the host (NET_BASIC) goes straight to the Yield, which returns at
        /// once for a waiting frame. The timers run on every turn that received frames and on the
        /// first turn after each sleep, not on the looks that find the queue empty right after a
        /// turn that ran them (no timer falls due in between that the sleep's deadline would miss:
        /// it is computed from the timers as they are then). The timers run before the flush because
        /// that run starts the retransmission timers of the turn's segments: from when they leave,
        /// not from when a long turn queued them. Runs until the tender is stopped.</summary>
        private static void Serve(NetworkInterface nic, StackSink sink, NetworkStack stack, PingReport ping, Solo5Clock clock)
        {
            var causeCleared = false;
            var repollWhenEmptied = nic.RepollWhenEmptied;
            ulong idleDeadline = 0;
            var timersDue = true;
            while (true)
            {
                var received = nic.Receive(sink, RxBudget);
                if (received > 0 || timersDue)
                {
                    timersDue = false;
                    stack.Tick();
                    ping.Tick();
                }
                nic.Flush();
                if (received > 0)
                {
                    causeCleared = false;
                    // under load: poll the ring again instead of sleeping
                    if (received == RxBudget || repollWhenEmptied) continue;
                }
                if (!causeCleared && nic.AcknowledgeInterrupt())
                {
                    causeCleared = true;
                    continue;
                }
                Solo5.Yield(Deadline(stack, ping, clock, ref idleDeadline), out var ready);
                // A sleep that ended without a ready device reached its deadline: the next idle sleep
                // gets a fresh one. One that a device ended keeps it, so a busy loop reads no clock for it.
                if (ready == 0) idleDeadline = 0;
                causeCleared = false;
                timersDue = true;
            }
        }

        private static NetworkLink WithFaults(NetworkLink link, EchoConfig config) =>
            config.DropEvery == 0 ? link : new LossyLink(link, config.DropEvery);

        /// <summary>The next timer's time; with none, at most <see cref="IdleWakeNanoseconds"/> after
        /// the idle sleep that <paramref name="idleDeadline"/> (0: none yet) began.</summary>
        private static ulong Deadline(NetworkStack stack, PingReport ping, Solo5Clock clock, ref ulong idleDeadline)
        {
            var next = stack.NextDeadline();
            var pingNext = ping.NextDeadline;
            if (pingNext != 0 && (next == 0 || pingNext < next)) next = pingNext;
            if (next != 0) return next;
            if (idleDeadline == 0) idleDeadline = clock.NowNanoseconds + IdleWakeNanoseconds;
            return idleDeadline;
        }

        private static void Announce(string link, MacAddress mac, EchoConfig config)
        {
            Span<byte> buffer = stackalloc byte[160];
            var line = new LineWriter(buffer).Append("echo: ").Append(link).Append(" up, mac ");
            Span<byte> macText = stackalloc byte[17];
            for (var i = 0; i < 6; i++)
            {
                var octet = (int)(mac.Value >> (40 - 8 * i)) & 0xFF;
                macText[3 * i] = HexDigit(octet >> 4);
                macText[3 * i + 1] = HexDigit(octet & 0xF);
                if (i < 5) macText[3 * i + 2] = (byte)':';
            }
            line = line.AppendBytes(macText).Append(", ipv4 ");
            var a = config.Ipv4.Address;
            line = line.Append((long)(a >> 24)).Append(".").Append((long)((a >> 16) & 0xFF)).Append(".")
                .Append((long)((a >> 8) & 0xFF)).Append(".").Append((long)(a & 0xFF)).Append("/")
                .Append((long)config.Ipv4.PrefixLength);
            line.Append(", echo on tcp/7 and udp/7\n").WriteToConsole();
        }

        private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

        private static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (var i = 0; i < text.Length; i++) bytes[i] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
            return bytes;
        }

        private static string Describe(EchoConfigError error) => error switch
        {
            EchoConfigError.MissingIpv4 => "--ipv4=A.B.C.D/N is required",
            EchoConfigError.BadIpv4 => "--ipv4 must be A.B.C.D/N with N in 1..32",
            EchoConfigError.BadGateway => "--ipv4-gateway must be an A.B.C.D address inside the --ipv4 subnet",
            EchoConfigError.BadLink => "--link must be auto, pci or net",
            EchoConfigError.BadDropEvery => "--fault-drop-every must be a whole number of at least 2",
            EchoConfigError.BadPing => "--ping must be an A.B.C.D address other than this host's",
            _ => "unknown option",
        };
    }
}
