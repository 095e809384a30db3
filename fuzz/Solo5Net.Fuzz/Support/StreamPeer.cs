using Solo5Net.Interop;

namespace Solo5Net.Fuzz.Support;

/// <summary>
/// The far end of a connection under test, on a thread of its own: it sends a fixed byte stream,
/// ends its sending direction (the side under test then reads end of stream), and reads and
/// discards whatever comes back until that side closes, so the side under test never blocks in a send.
/// </summary>
public sealed class StreamPeer
{
    private readonly Thread _thread;
    private Exception? _error;

    private StreamPeer(Func<FileDescriptor> connect, byte[] stream)
    {
        _thread = new Thread(() =>
        {
            try
            {
                using var socket = connect();
                int sent = 0;
                while (sent < stream.Length) sent += UnixSocket.Send(socket.Number, stream.AsSpan(sent));
                UnixSocket.ShutdownWrite(socket.Number);
                var sink = new byte[64 * 1024];
                var fds = new List<FileDescriptor>();
                while (UnixSocket.Receive(socket.Number, sink, fds, out _) > 0)
                {
                    foreach (var fd in fds) fd.Dispose();
                    fds.Clear();
                }
            }
            // The side under test may stop reading and close first (a protocol error ends a connection).
            catch (SystemCallException e) when (e.ErrorNumber is Errno.EPIPE or Errno.ECONNRESET) { }
            catch (Exception e) { _error = e; }
        }) { IsBackground = true, Name = "fuzz-peer" };
    }

    /// <summary>Starts a peer on the socket <paramref name="connect"/> gives (called on the peer's thread).</summary>
    public static StreamPeer Start(Func<FileDescriptor> connect, byte[] stream)
    {
        var peer = new StreamPeer(connect, stream);
        peer._thread.Start();
        return peer;
    }

    /// <summary>Waits for the peer to finish (the side under test has closed its end).</summary>
    public void Join()
    {
        if (!_thread.Join(TimeSpan.FromSeconds(30)))
            throw new FuzzFindingException("the side under test kept its end of the connection open");
        if (_error != null) throw new InvalidOperationException("the fuzz peer failed", _error);
    }
}
