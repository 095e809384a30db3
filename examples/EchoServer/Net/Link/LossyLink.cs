using System;

namespace Solo5Net.EchoServer.Net.Link;

/// <summary>Fault injection: a link that silently loses every Nth frame sent through it (the
/// --fault-drop-every option), so retransmission can be shown end to end without netem.</summary>
public sealed class LossyLink : NetworkLink
{
    private readonly NetworkLink _inner;
    private readonly int _every;
    private int _count;

    public LossyLink(NetworkLink inner, int every)
    {
        _inner = inner;
        _every = every;
    }

    public ulong Dropped { get; private set; }

    public override MacAddress Address => _inner.Address;

    public override int Mtu => _inner.Mtu;

    public override bool Transmit(ReadOnlySpan<byte> frame)
    {
        if (++_count == _every)
        {
            _count = 0;
            Dropped++;
            return true;
        }
        return _inner.Transmit(frame);
    }
}
