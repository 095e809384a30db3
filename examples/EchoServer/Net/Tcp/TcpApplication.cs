namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>The application side of TCP connections. Called after anything the application may
/// act on: the connection became established, data arrived, send space freed, the peer closed, or
/// the connection ended (State == Closed: the object is then recycled for a later connection).</summary>
public abstract class TcpApplication
{
    public abstract void OnConnectionEvent(TcpConnection connection);
}
