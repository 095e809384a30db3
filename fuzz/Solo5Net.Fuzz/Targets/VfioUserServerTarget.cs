using Solo5Net.DevEmu.Server;
using Solo5Net.Fuzz.Support;
using Solo5Net.Interop;

namespace Solo5Net.Fuzz.Targets;

/// <summary>
/// hvt-devemu's side of vfio-user: the input is the byte stream a client sends, answered by the
/// real session over the edu model (<see cref="EduServer"/>). A finding is any exception that
/// escapes, and any request the session had to answer with "failed inside the device model"
/// (<see cref="ClientSession"/>'s catch-all for defects, which it reports on stderr).
/// </summary>
public sealed class VfioUserServerTarget : IFuzzTarget, IDisposable
{
    private readonly SocketRendezvous _sockets = new();
    private readonly EduServer _server = new();

    public string Name => "vfio-user-server";
    public IReadOnlyList<string> AssembliesUnderTest => ["VfioUser.Protocol", "hvt-devemu"];

    public void Run(byte[] input)
    {
        var warnings = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(warnings);
        try
        {
            var peer = StreamPeer.Start(() => UnixSocket.Connect(_sockets.Path), input);
            _server.Serve(_sockets.Accept());
            peer.Join();
        }
        finally
        {
            Console.SetError(stderr);
        }
        if (warnings.ToString().Contains("inside the device model"))
            throw new FuzzFindingException(warnings.ToString().Trim());
    }

    public void Dispose()
    {
        _sockets.Dispose();
        _server.Dispose();
    }
}
