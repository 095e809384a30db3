using Solo5Net.EchoServer.Net.Tcp;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>A client that sends its data, half-closes, and collects everything sent back until the
/// other side closes too.</summary>
public sealed class BulkClient(byte[] data, bool closeWhenSent = true) : TcpApplication
{
    private int _sent;
    private readonly MemoryStream _received = new();
    private readonly byte[] _buffer = new byte[4096];

    public TcpConnection? Connection { get; set; }
    public byte[] Received => _received.ToArray();
    public bool Established { get; private set; }
    public bool Ended { get; private set; }

    public override void OnConnectionEvent(TcpConnection c)
    {
        if (c.State == TcpState.Closed)
        {
            Ended = true;
            return;
        }
        Established = true;
        while (_sent < data.Length)
        {
            var n = c.Write(data.AsSpan(_sent));
            if (n == 0) break;
            _sent += n;
        }
        int r;
        while ((r = c.Read(_buffer)) > 0) _received.Write(_buffer, 0, r);
        if (closeWhenSent && _sent == data.Length) c.Close();
        else if (c.PeerClosed) c.Close();
    }
}

/// <summary>A server that greets each connection and closes first.</summary>
public sealed class GreetAndCloseServer(byte[] greeting) : TcpApplication
{
    public int Closed { get; private set; }

    public override void OnConnectionEvent(TcpConnection c)
    {
        if (c.State == TcpState.Closed)
        {
            Closed++;
            return;
        }
        if (c.State == TcpState.Established && c.UnacknowledgedBytes == 0 && c.WritableBytes > 0)
        {
            c.Write(greeting);
            c.Close();
        }
        c.Read(new byte[4096]);
    }
}
