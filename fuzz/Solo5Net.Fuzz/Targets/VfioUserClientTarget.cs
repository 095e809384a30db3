using Solo5Net.Fuzz.Support;
using Solo5Net.Hvt;

namespace Solo5Net.Fuzz.Targets;

/// <summary>
/// The tender's side of vfio-user: the input is the byte stream a server sends back (replies, and
/// commands of its own), read by the real client while it attaches and drives a device
/// (<see cref="TenderClientSession"/>). The server's end closes after the input, so a reply the
/// stream lacks is end of stream, never a wait. Refusals are <see cref="TenderException"/>s
/// (the tender's one-line error); any other exception is a finding.
/// </summary>
public sealed class VfioUserClientTarget : IFuzzTarget, IDisposable
{
    private readonly SocketRendezvous _sockets = new();

    public string Name => "vfio-user-client";
    public IReadOnlyList<string> AssembliesUnderTest => ["VfioUser.Protocol", "Hvt.Modules.Pci"];

    public void Run(byte[] input)
    {
        var peer = StreamPeer.Start(_sockets.Accept, input);
        try { TenderClientSession.Run(_sockets.Path); }
        catch (TenderException) { }
        peer.Join();
    }

    public void Dispose() => _sockets.Dispose();
}
