namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>RFC 793 connection states. LISTEN is not a connection state here: listening ports
/// live in the TCP layer and a connection starts in SynReceived. Closed = slot free.</summary>
public enum TcpState
{
    Closed,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
}
