using Solo5Net.Interop;

namespace Solo5Net.Fuzz.Support;

/// <summary>A listening AF_UNIX socket in a private temporary folder: the meeting point of a fuzz
/// target's two ends of a vfio-user connection. Disposing removes the folder.</summary>
public sealed class SocketRendezvous : IDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly FileDescriptor _listener;

    public SocketRendezvous()
    {
        _folder = Directory.CreateTempSubdirectory("solo5net-fuzz-");
        Path = System.IO.Path.Combine(_folder.FullName, "vfio-user.sock");
        _listener = UnixSocket.Listen(Path, backlog: 4);
    }

    public string Path { get; }

    /// <summary>The next connection made to <see cref="Path"/>, seen from the listening side.</summary>
    public FileDescriptor Accept() => UnixSocket.Accept(_listener.Number);

    /// <summary>A connected pair: the connecting end and the accepted end.</summary>
    public (FileDescriptor Connecting, FileDescriptor Accepted) Pair()
    {
        var connecting = UnixSocket.Connect(Path);
        return (connecting, Accept());
    }

    public void Dispose()
    {
        _listener.Dispose();
        _folder.Delete(recursive: true);
    }
}
