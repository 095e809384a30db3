using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Ip;
using Solo5Net.EchoServer.Net.Link;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>Two stacks joined by a simulated Ethernet cable on one simulated clock. Frames travel in
/// order; <see cref="Drop"/> decides per frame (numbered from 0 in sending order) whether it is lost.
/// When nothing is in flight the clock jumps to the earliest timer of either stack.</summary>
public sealed class SimulatedWire
{
    private readonly Queue<(NetworkStack To, byte[] Frame)> _inFlight = new();

    public SimulatedWire(int connections = 8, int bufferSize = 16 * 1024, int? serverConnections = null)
    {
        Server = new NetworkStack(new End(this, Frames.StackMac, () => Client!), Clock,
            new Ipv4Config { Address = Frames.StackIp, PrefixLength = 24 }, serverConnections ?? connections, bufferSize);
        Client = new NetworkStack(new End(this, Frames.PeerMac, () => Server), Clock,
            new Ipv4Config { Address = Frames.PeerIp, PrefixLength = 24 }, connections, bufferSize);
    }

    public TestClock Clock { get; } = new();
    public NetworkStack Server { get; }
    public NetworkStack Client { get; }
    public Func<long, byte[], bool> Drop { get; set; } = (_, _) => false;
    public long FramesSent { get; private set; }
    public long FramesDropped { get; private set; }

    /// <summary>Delivers frames and fires timers until <paramref name="done"/> holds; false if it
    /// did not within the step bound or simulated time bound.</summary>
    public bool RunUntil(Func<bool> done, int maxSteps = 2_000_000, ulong maxSimulatedNanoseconds = 600_000_000_000UL)
    {
        var limit = Clock.Now + maxSimulatedNanoseconds;
        for (var step = 0; step < maxSteps; step++)
        {
            if (done()) return true;
            if (_inFlight.Count > 0)
            {
                var (to, frame) = _inFlight.Dequeue();
                to.Receive(frame);
                continue;
            }
            var next = Earliest(Server.NextDeadline(), Client.NextDeadline());
            if (next == 0 || next > limit) return done();
            if (next > Clock.Now) Clock.Now = next;
            Server.Tick();
            Client.Tick();
        }
        return done();
    }

    private static ulong Earliest(ulong a, ulong b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);

    private sealed class End(SimulatedWire wire, MacAddress address, Func<NetworkStack> peer) : NetworkLink
    {
        public override MacAddress Address => address;

        public override int Mtu => 1500;

        public override bool Transmit(ReadOnlySpan<byte> frame)
        {
            var copy = frame.ToArray();
            if (wire.Drop(wire.FramesSent++, copy)) wire.FramesDropped++;
            else wire._inFlight.Enqueue((peer(), copy));
            return true;
        }
    }
}
