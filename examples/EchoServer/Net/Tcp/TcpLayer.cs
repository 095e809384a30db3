using System;
using System.Runtime.CompilerServices;
using Solo5Net.EchoServer.Net.Ip;

namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>TCP over IPv4: verifies checksums, finds the connection a segment belongs to (or
/// accepts a SYN on a listening port), answers segments for nobody with RST, emits segments for
/// connections, and drives their timers. All connections and their buffers are allocated here,
/// once.</summary>
public sealed class TcpLayer : IpProtocolHandler
{
    private const ushort FirstEphemeralPort = 49152;

    private readonly Ipv4Layer _ip;
    private readonly MonotonicClock _clock;
    private readonly TcpConnection[] _connections;
    private readonly ListeningPort[] _listeners = { new(), new(), new(), new() };
    private int _openConnections;
    // The connection the last segment was for: the next one is most likely for it too.
    private TcpConnection? _lastMatched;
    private uint _issCounter;
    private ushort _nextEphemeralPort = FirstEphemeralPort;

    public TcpLayer(Ipv4Layer ip, MonotonicClock clock, int maxConnections, int bufferSize)
    {
        _ip = ip;
        _clock = clock;
        _connections = new TcpConnection[maxConnections];
        for (var i = 0; i < maxConnections; i++) _connections[i] = new TcpConnection(this, bufferSize);
        ip.Register(IpProtocol.Tcp, this);
    }

    public ulong SegmentsDropped { get; private set; }

    public ulong ResetsSent { get; private set; }

    public int ConnectionCount
    {
        get
        {
            var n = 0;
            for (var i = 0; i < _connections.Length; i++)
                if (_connections[i].State != TcpState.Closed) n++;
            return n;
        }
    }

    internal ulong Now => _clock.NowNanoseconds;

    /// <summary>Kept by the connections as they leave and enter Closed, so that the main loop's
    /// <see cref="Tick"/> and <see cref="NextDeadline"/> skip the scan of every slot while none is in use.</summary>
    internal void ConnectionOpened() => _openConnections++;

    internal void ConnectionClosed() => _openConnections--;

    public bool Listen(ushort port, TcpApplication app)
    {
        for (var i = 0; i < _listeners.Length; i++)
        {
            var l = _listeners[i];
            if (l.App != null && l.Port != port) continue;
            l.Port = port;
            l.App = app;
            return true;
        }
        return false;
    }

    /// <summary>Active open. Null when every connection slot is in use.</summary>
    public TcpConnection? Connect(uint remote, ushort remotePort, TcpApplication app)
    {
        var c = FreeConnection();
        if (c == null) return null;
        c.Open(_nextEphemeralPort, remote, remotePort, app, NextIss());
        _nextEphemeralPort = _nextEphemeralPort == 0xFFFF ? FirstEphemeralPort : (ushort)(_nextEphemeralPort + 1);
        return c;
    }

    public override void Receive(uint source, uint destination, ReadOnlySpan<byte> segment) =>
        Receive(source, destination, segment, Span<byte>.Empty);

    /// <summary>A segment with its whole frame, writable: where the segment follows an IPv4 header
    /// without options, the frame goes with it to the connection, whose echo of the segment's data
    /// may leave from it (<see cref="TcpConnection.SpliceOnArrival"/>, <see cref="EmitInFrame"/>).</summary>
    public override void ReceiveInFrame(uint source, uint destination, Span<byte> frame, int payloadOffset, int payloadLength) =>
        Receive(source, destination, frame.Slice(payloadOffset, payloadLength),
            payloadOffset == PlainPayloadOffset ? frame : Span<byte>.Empty);

    /// <param name="frame">The frame that holds <paramref name="segment"/> at
    /// <see cref="IpProtocolHandler.PlainPayloadOffset"/>, or empty.</param>
    private void Receive(uint source, uint destination, ReadOnlySpan<byte> segment, Span<byte> frame)
    {
        if (!TcpHeader.TryRead(segment, out var h, out var headerSum) || destination != _ip.Address)
        {
            SegmentsDropped++;
            return;
        }
        // Header (from the words TryRead read) and payload summed apart: the payload's sum goes with
        // its bytes (RunSums), so an echo of them is not summed again. The payload starts at an even
        // offset (DataOffset is a multiple of 4), so the two sums simply add.
        var payload = segment.Slice(h.DataOffset);
        var payloadSum = InternetChecksum.Sum(payload);
        var sum = InternetChecksum.PseudoHeader(source, destination, IpProtocol.Tcp, segment.Length)
            + headerSum + payloadSum;
        if (InternetChecksum.Complement(sum) != 0)
        {
            SegmentsDropped++;
            return;
        }
        // A segment without TCP options lies in the frame just as its echo would: the frame goes on.
        if (h.DataOffset != TcpHeader.Length) frame = Span<byte>.Empty;
        var last = _lastMatched;
        if (last != null && last.Matches(source, h.SourcePort, h.DestinationPort))
        {
            last.OnSegment(h, payload, payloadSum, frame);
            return;
        }
        for (var i = 0; i < _connections.Length; i++)
        {
            if (!_connections[i].Matches(source, h.SourcePort, h.DestinationPort)) continue;
            _lastMatched = _connections[i];
            _connections[i].OnSegment(h, payload, payloadSum, frame);
            return;
        }
        if (h.Has(TcpFlags.Rst)) return;
        var app = h.Has(TcpFlags.Syn) && !h.Has(TcpFlags.Ack) ? Listener(h.DestinationPort) : null;
        var free = app != null ? FreeConnection() : null;
        if (app == null || free == null)
        {
            SendResetFor(source, h, payload.Length);
            return;
        }
        free.Accept(h.DestinationPort, source, h, app, NextIss());
    }

    /// <summary>Runs connection timers (retransmission, persist, TIME-WAIT).</summary>
    public void Tick()
    {
        var open = _openConnections;
        if (open == 0) return;
        var now = Now;
        // Up to the last open connection, not through every slot (OnTimer only ever closes one).
        for (var i = 0; i < _connections.Length && open > 0; i++)
        {
            if (_connections[i].State == TcpState.Closed) continue;
            open--;
            _connections[i].OnTimer(now);
        }
    }

    /// <summary>The earliest time <see cref="Tick"/> has work, or 0 if no timer is armed.</summary>
    public ulong NextDeadline()
    {
        ulong next = 0;
        var open = _openConnections;
        for (var i = 0; i < _connections.Length && open > 0; i++)
        {
            if (_connections[i].State == TcpState.Closed) continue;
            open--;
            var d = _connections[i].NextDeadline;
            if (d != 0 && (next == 0 || d < next)) next = d;
        }
        return next;
    }

    /// <summary>Where a connection writes a data segment's payload before <see cref="Emit"/>.</summary>
    internal Span<byte> SegmentPayload => _ip.TxPayload.Slice(TcpHeader.Length);

    /// <summary>Largest payload per segment: the peer's MSS option (536 when absent) capped by our MTU.</summary>
    internal int SegmentSizeFor(ushort peerMss)
    {
        var ours = _ip.MaxPayload - TcpHeader.Length;
        var theirs = peerMss == 0 ? 536 : peerMss;
        return theirs < ours ? theirs : ours;
    }

    /// <summary>Sends a segment whose payload (<paramref name="payloadLength"/> bytes, already in
    /// <see cref="SegmentPayload"/>) has the <see cref="InternetChecksum.Sum"/> <paramref name="payloadSum"/>.</summary>
    internal void Emit(ushort localPort, uint remote, ushort remotePort, uint seq, uint ack, byte flags,
        ushort window, bool withMss, int payloadLength, ushort payloadSum)
    {
        var mss = withMss ? (ushort)(_ip.MaxPayload - TcpHeader.Length) : (ushort)0;
        var length = WriteHeader(_ip.TxPayload, localPort, remote, remotePort, seq, ack, flags, window, mss, payloadLength, payloadSum);
        _ip.Send(remote, IpProtocol.Tcp, length);
    }

    /// <summary>Sends the segment <see cref="Emit"/> would send (no MSS option) from the received
    /// <paramref name="frame"/> (as delivered to <see cref="ReceiveInFrame"/>, from the peer
    /// <paramref name="remote"/>), whose <paramref name="payloadLength"/> bytes after a 20-byte TCP
    /// header at <see cref="IpProtocolHandler.PlainPayloadOffset"/> are the payload: its headers are
    /// rewritten in place (<see cref="Ipv4Layer.SendBack"/>), the payload not copied.</summary>
    internal void EmitInFrame(Span<byte> frame, ushort localPort, uint remote, ushort remotePort, uint seq, uint ack,
        byte flags, ushort window, int payloadLength, ushort payloadSum)
    {
        var length = WriteHeader(frame.Slice(PlainPayloadOffset), localPort, remote, remotePort, seq, ack, flags, window, 0,
            payloadLength, payloadSum);
        _ip.SendBack(frame, PlainPayloadOffset, length, IpProtocol.Tcp);
    }

    /// <summary>Writes the header at the start of <paramref name="segment"/>, with the checksum of the
    /// whole segment, and returns the segment's length. Inlined into both senders.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int WriteHeader(Span<byte> segment, ushort localPort, uint remote, ushort remotePort, uint seq, uint ack,
        byte flags, ushort window, ushort mss, int payloadLength, ushort payloadSum)
    {
        var headerLength = TcpHeader.Write(segment, localPort, remotePort, seq, ack, flags, window, mss, out var headerSum);
        var length = headerLength + payloadLength;
        var sum = InternetChecksum.PseudoHeader(_ip.Address, remote, IpProtocol.Tcp, length) + headerSum + payloadSum;
        BigEndian.WriteUInt16(segment, 16, InternetChecksum.Complement(sum));
        return length;
    }

    /// <summary>RFC 793 reset for a segment that belongs to no connection.</summary>
    internal void SendResetFor(uint remote, in TcpHeader h, int payloadLength)
    {
        ResetsSent++;
        if (h.Has(TcpFlags.Ack))
        {
            Emit(h.DestinationPort, remote, h.SourcePort, h.Acknowledgment, 0, TcpFlags.Rst, 0, false, 0, 0);
            return;
        }
        var occupied = (uint)payloadLength + (h.Has(TcpFlags.Syn) ? 1u : 0u) + (h.Has(TcpFlags.Fin) ? 1u : 0u);
        Emit(h.DestinationPort, remote, h.SourcePort, 0, h.Sequence + occupied, TcpFlags.Rst | TcpFlags.Ack, 0, false, 0, 0);
    }

    private TcpApplication? Listener(ushort port)
    {
        for (var i = 0; i < _listeners.Length; i++)
            if (_listeners[i].App != null && _listeners[i].Port == port) return _listeners[i].App;
        return null;
    }

    private TcpConnection? FreeConnection()
    {
        for (var i = 0; i < _connections.Length; i++)
            if (_connections[i].State == TcpState.Closed) return _connections[i];
        return null;
    }

    private uint NextIss()
    {
        // RFC 793's 4 µs clock, spread by a per-connection step so quick reuses still differ.
        _issCounter += 64000;
        return (uint)(Now / 4000) + _issCounter;
    }

    /// <summary>A listening port. An array of this sealed type, not of applications: the guest
    /// runtime's array-store check refused derived objects in an array of their base class.</summary>
    private sealed class ListeningPort
    {
        public ushort Port;
        public TcpApplication? App;
    }
}
