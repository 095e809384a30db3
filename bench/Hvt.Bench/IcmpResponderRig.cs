using System.Globalization;
using Solo5Net.TestSupport;

namespace Solo5Net.Bench;

/// <summary>
/// The C ICMP responder guest (tests/guests/net.c: ARP and echo replies for 10.0.0.2 through
/// NET_BASIC hypercalls) under a given tender — hvt-tender or Solo5's C tender solo5-hvt, which
/// take the same --mem and --net options — on the tap of a private namespace of its own. Started for
/// counting (hvt-tender only), its tender counts guest instructions by the given method.
/// </summary>
public sealed class IcmpResponderRig : ICountedGuest
{
    public const string GuestAddress = "10.0.0.2";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);

    private readonly NetNamespace _net;
    private readonly GuestInstructionCounter? _counter;
    private BackgroundProcess? _tender;

    private IcmpResponderRig(string label, InstructionCountMethod? countedBy)
    {
        Label = label;
        _counter = countedBy is { } method ? GuestInstructionCounter.For(method) : null;
        _net = BenchNetwork.Create();
    }

    public string Label { get; }
    public NetNamespace Network => _net;
    public int TenderId => _tender!.Pid;
    public string Address => GuestAddress;
    public GuestInstructionCounter Counter => _counter ?? throw new InvalidOperationException($"{Label}: not started for counting");

    /// <param name="replies">How many echo replies the guest sends before it halts: more than the bench asks for.</param>
    public static IcmpResponderRig Start(string label, string tender, string image, long replies, InstructionCountMethod? countedBy = null)
    {
        var rig = new IcmpResponderRig(label, countedBy);
        try
        {
            rig._tender = BackgroundProcess.Start(label, tender,
                [.. rig._counter?.TenderOptions ?? [], "--mem=64", "--net:service0=" + BenchNetwork.Tap, image, "hypercall",
                 replies.ToString(CultureInfo.InvariantCulture)], rig._net);
            if (!rig._tender.WaitForOutput("using hypercalls", StartLimit))
                throw new BenchException($"{label} (net.hvt) did not come up:\n{rig._tender.Describe()}");
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _tender?.Dispose();
        _net.Dispose();
        _counter?.Dispose();
    }
}
