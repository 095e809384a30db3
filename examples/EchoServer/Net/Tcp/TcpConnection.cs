using System;
using System.Runtime.CompilerServices;

namespace Solo5Net.EchoServer.Net.Tcp;

/// <summary>
/// One TCP connection (RFC 793 subset): in-order receive into a fixed buffer (out-of-order segments
/// are dropped and answered with a duplicate ACK), go-back-N retransmission from the send buffer on
/// a timer with exponential backoff or after three duplicate ACKs, the timer's length from measured
/// round trips (<see cref="RetransmissionTimeout"/>), flow control by both windows,
/// FIN in both directions, RST. Objects are pooled by <see cref="TcpLayer"/> and recycled.
/// </summary>
public sealed class TcpConnection
{
    public const ulong InitialRtoNanoseconds = RetransmissionTimeout.InitialNanoseconds;
    public const ulong MaxRtoNanoseconds = RetransmissionTimeout.MaximumNanoseconds;
    public const ulong TimeWaitNanoseconds = 2_000_000_000UL;
    public const int MaxRetransmissions = 10;

    private readonly TcpLayer _layer;
    private readonly ByteRing _rx;
    private readonly ByteRing _tx;
    private TcpApplication? _app;
    private TcpConnection? _spliceTarget;
    private int _splicedOnArrival;

    private uint _iss, _sndUna, _sndNxt, _sndMax, _sndWnd;
    private uint _irs, _rcvNxt;
    private int _mss;
    private int _advertisedWindow;
    private bool _ackPending, _peerFin, _finQueued, _finSentOnce;
    private uint _finSeq;
    private int _duplicateAcks;
    private bool _inRecovery;
    private uint _recover;
    // The clocks of segments sent during a turn of the guest's loop start at that turn's timer run
    // (OnTimer), which the loop runs just before it hands the turn's frames to the device: until
    // then they have not left, however long the turn took (a large batch, or a guest slowed down
    // by single-stepping, can spend longer than a timeout on one batch).
    private const ulong AtNextTimerRun = 1; // a deadline always due, so a loop that sleeps until NextDeadline runs the timers first
    private ulong _retransmitAt, _timeWaitUntil;
    private RetransmissionTimeout _rto;
    // Karn's rule: one segment of new data at a time is timed, from the timer run after its sending
    // until an ACK covers _timedEnd; any retransmission before that ends the measurement without a sample.
    private bool _timing, _timedSinceNextTimerRun;
    private uint _timedEnd;
    private ulong _timedSince;
    // The retransmission timer (re)starts at the next OnTimer, from that run's clock reading: after
    // a sending that armed it, and after an ACK of new data, instead of reading the clock for every
    // such segment.
    private bool _restartRetransmit;
    private int _retries;
    private bool _probe;

    internal TcpConnection(TcpLayer layer, int bufferSize)
    {
        _layer = layer;
        _rx = new ByteRing(bufferSize);
        _tx = new ByteRing(bufferSize);
    }

    public TcpState State { get; private set; }

    public uint RemoteAddress { get; private set; }

    public ushort RemotePort { get; private set; }

    public ushort LocalPort { get; private set; }

    /// <summary>Received bytes waiting for <see cref="Read"/>.</summary>
    public int ReadableBytes => _rx.Count;

    /// <summary>How many bytes <see cref="Write"/> accepts now.</summary>
    public int WritableBytes => CanSend && !_finQueued ? _tx.Free : 0;

    /// <summary>The peer sent FIN: no more data will arrive after what is readable.</summary>
    public bool PeerClosed => _peerFin;

    /// <summary>Sent but not yet acknowledged, plus not yet sent.</summary>
    public int UnacknowledgedBytes => _tx.Count;

    public ulong Retransmissions { get; private set; }

    private bool CanSend
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => State == TcpState.Established || State == TcpState.CloseWait;
    }

    private bool Synchronized => State != TcpState.Closed && State != TcpState.SynSent && State != TcpState.SynReceived;

    public int Read(Span<byte> destination)
    {
        var n = _rx.Read(destination);
        if (n > 0 && Synchronized && WindowGrewEnough()) SendAck();
        return n;
    }

    /// <summary>Moves received bytes straight into the send buffer of <paramref name="destination"/>
    /// (this connection itself for an echo, another for a relay) and sends them; returns how many went
    /// there since the last call, those moved on arrival (<see cref="SpliceOnArrival"/>) included.</summary>
    public int SpliceTo(TcpConnection destination)
    {
        var n = _splicedOnArrival;
        _splicedOnArrival = 0;
        if (!destination.CanSend || destination._finQueued) return n;
        var moved = _rx.Count == 0 ? 0 : _rx.MoveTo(destination._tx);
        if (moved > 0 && Synchronized && WindowGrewEnough()) SendAck();
        if (n + moved > 0) destination.Output();
        return n + moved;
    }

    /// <summary>From now until the connection is reused, received bytes go into the send buffer of
    /// <paramref name="destination"/> as they arrive, while nothing waits in the receive buffer and
    /// the destination has room: one copy instead of two, for what <see cref="SpliceTo"/> would move
    /// at the next event anyway. The application still gets its events and calls SpliceTo, which
    /// sends them; bytes that can leave as one segment of their own are sent at once, from the
    /// received frame, if the destination is this connection (an echo). Null stops it.</summary>
    public void SpliceOnArrival(TcpConnection? destination) => _spliceTarget = destination;

    /// <summary>Queues data for sending; returns how much was taken (0 once closed).</summary>
    public int Write(ReadOnlySpan<byte> source)
    {
        if (!CanSend || _finQueued) return 0;
        var n = _tx.Write(source);
        if (n > 0) Output();
        return n;
    }

    /// <summary>Sends FIN after all queued data (graceful close of our direction).</summary>
    public void Close()
    {
        if (State == TcpState.SynSent)
        {
            Release(notify: false);
            return;
        }
        if (_finQueued || State == TcpState.Closed) return;
        if (State == TcpState.SynReceived || CanSend)
        {
            _finQueued = true;
            if (CanSend) Output();
        }
    }

    /// <summary>Sends RST and frees the connection at once.</summary>
    public void Abort()
    {
        if (State == TcpState.Closed) return;
        if (State != TcpState.SynSent) Emit(_sndNxt, TcpFlags.Rst | TcpFlags.Ack, 0, false);
        Release(notify: false);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Matches(uint remote, ushort remotePort, ushort localPort) =>
        State != TcpState.Closed && RemoteAddress == remote && RemotePort == remotePort && LocalPort == localPort;

    internal void Accept(ushort localPort, uint remote, in TcpHeader syn, TcpApplication app, uint iss)
    {
        Reset(localPort, remote, syn.SourcePort, app, iss);
        _irs = syn.Sequence;
        _rcvNxt = syn.Sequence + 1;
        _sndWnd = syn.Window;
        _mss = _layer.SegmentSizeFor(syn.MaxSegmentSize);
        State = TcpState.SynReceived;
        Emit(_iss, TcpFlags.Syn | TcpFlags.Ack, 0, true);
        ArmRetransmit();
    }

    internal void Open(ushort localPort, uint remote, ushort remotePort, TcpApplication app, uint iss)
    {
        Reset(localPort, remote, remotePort, app, iss);
        State = TcpState.SynSent;
        Emit(_iss, TcpFlags.Syn, 0, true);
        ArmRetransmit();
    }

    /// <param name="payloadSum">The <see cref="InternetChecksum.Sum"/> of <paramref name="payload"/>.</param>
    /// <param name="frame">The received frame, writable, in which the segment lies after IPv4 and TCP
    /// headers without options (<see cref="TcpLayer.ReceiveInFrame"/>), or empty: an echo of the
    /// payload may leave from it (<see cref="EchoesInFrame"/>).</param>
    internal void OnSegment(in TcpHeader h, ReadOnlySpan<byte> payload, ushort payloadSum, Span<byte> frame)
    {
        if (State == TcpState.SynSent)
        {
            OnSegmentInSynSent(h);
            return;
        }
        var seq = h.Sequence;
        var fin = h.Has(TcpFlags.Fin);
        int sum = payloadSum;
        if (h.Has(TcpFlags.Syn))
        {
            // A repeated SYN means our SYN-ACK was lost; in any other state answer with an ACK
            // (RFC 5961 challenge) instead of trusting it.
            if (State == TcpState.SynReceived && seq == _irs) Emit(_iss, TcpFlags.Syn | TcpFlags.Ack, 0, true);
            else if (!h.Has(TcpFlags.Rst)) SendAck();
            return;
        }
        if (SequenceNumber.Less(seq, _rcvNxt))
        {
            var duplicate = _rcvNxt - seq;
            var occupied = (uint)payload.Length + (fin ? 1u : 0u);
            if (duplicate >= occupied)
            {
                if (!h.Has(TcpFlags.Rst) && occupied > 0) SendAck();
                if (occupied > 0 || !h.Has(TcpFlags.Ack)) return;
                // A pure ACK that trails rcvNxt still carries a valid acknowledgment.
                payload = ReadOnlySpan<byte>.Empty;
            }
            else
            {
                payload = payload.Slice((int)duplicate);
            }
            sum = RunSums.Unknown;
            seq = _rcvNxt;
        }
        if (seq != _rcvNxt)
        {
            if (!h.Has(TcpFlags.Rst)) SendAck();
            return;
        }
        if (h.Has(TcpFlags.Rst))
        {
            Release(notify: true);
            return;
        }
        if (!h.Has(TcpFlags.Ack)) return;

        var notify = false;
        if (State == TcpState.SynReceived)
        {
            if (h.Acknowledgment != _iss + 1)
            {
                _layer.SendResetFor(RemoteAddress, h, payload.Length);
                return;
            }
            _sndUna = h.Acknowledgment;
            _sndWnd = h.Window;
            State = TcpState.Established;
            DisarmRetransmit();
            notify = true;
        }
        else
        {
            if (!OnAck(h.Acknowledgment, h.Window, payload.Length == 0 && !fin, ref notify)) return;
            if (State == TcpState.Closed) return;
        }

        if (payload.Length > 0)
        {
            if (State == TcpState.Established || State == TcpState.FinWait1 || State == TcpState.FinWait2)
            {
                var inFrame = frame.Length != 0 && !fin && sum != RunSums.Unknown && EchoesInFrame(payload.Length);
                var n = Take(payload, sum);
                _rcvNxt += (uint)n;
                if (n < payload.Length) fin = false;
                if (n > 0) notify = true;
                _ackPending = true;
                if (inFrame) SendEchoInFrame(frame, n, (ushort)sum);
            }
            else
            {
                fin = false;
                _ackPending = true;
            }
        }
        if (fin) OnFin(ref notify);

        if (notify && _app != null) _app.OnConnectionEvent(this);
        if (State != TcpState.Closed) Output();
    }

    /// <summary>Stores in-order received bytes: into the splice target's send buffer if they may go
    /// there (<see cref="SpliceOnArrival"/>), else (and what does not fit there) into the receive
    /// buffer. Returns how many were taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Take(ReadOnlySpan<byte> payload, int sum)
    {
        var target = _spliceTarget;
        if (target == null || _rx.Count != 0 || !target.CanSend || target._finQueued) return _rx.Write(payload, sum);
        var n = target._tx.Write(payload, sum);
        _splicedOnArrival += n;
        return n == payload.Length ? n : n + _rx.Write(payload.Slice(n));
    }

    /// <summary>Whether the <paramref name="length"/> in-order bytes about to be taken go into this
    /// connection's own send buffer (spliced on arrival to itself) and would leave, by
    /// <see cref="Output"/>, as exactly one segment of exactly those bytes: all fit, nothing unsent is
    /// ahead of them, the peer's window and the MSS allow them all.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool EchoesInFrame(int length) =>
        _spliceTarget == this && State == TcpState.Established && !_finQueued && _rx.Count == 0
        && (int)(_sndNxt - _sndUna) == _tx.Count && length <= _tx.Free && length <= _mss
        && length <= (int)_sndWnd - _tx.Count;

    /// <summary>Sends the <paramref name="length"/> bytes just taken (<see cref="EchoesInFrame"/>) as
    /// <see cref="Output"/> would, the same segment, but from the received frame, where they already
    /// lie: no copy out of the send buffer, their checksum sum the one taken with them. They stay in
    /// the send buffer for retransmission.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SendEchoInFrame(Span<byte> frame, int length, ushort sum)
    {
        var window = _rx.Free > 0xFFFF ? 0xFFFF : _rx.Free;
        _advertisedWindow = window;
        _ackPending = false;
        _layer.EmitInFrame(frame, LocalPort, RemoteAddress, RemotePort, _sndNxt, _rcvNxt, TcpFlags.Ack | TcpFlags.Psh,
            (ushort)window, length, sum);
        Advance((uint)length);
        if (_retransmitAt == 0) ArmRetransmit();
    }

    internal void OnTimer(ulong now)
    {
        if (State == TcpState.TimeWait)
        {
            if (now >= _timeWaitUntil) Release(notify: true);
            return;
        }
        if (_timedSinceNextTimerRun)
        {
            _timedSinceNextTimerRun = false;
            _timedSince = now;
        }
        if (_restartRetransmit)
        {
            _restartRetransmit = false;
            _retransmitAt = now + _rto.Nanoseconds;
            return;
        }
        if (_retransmitAt == 0 || now < _retransmitAt) return;
        if (++_retries > MaxRetransmissions)
        {
            Abort();
            if (_app != null) _app.OnConnectionEvent(this);
            return;
        }
        Retransmissions++;
        _timing = false;
        _rto.BackOff();
        _retransmitAt = now + _rto.Nanoseconds;
        if (State == TcpState.SynReceived)
        {
            Emit(_iss, TcpFlags.Syn | TcpFlags.Ack, 0, true);
            return;
        }
        if (State == TcpState.SynSent)
        {
            Emit(_iss, TcpFlags.Syn, 0, true);
            return;
        }
        GoBack();
        _probe = _sndWnd == 0;
        Output();
        _probe = false;
    }

    /// <summary>When <see cref="OnTimer"/> next has work, or 0 if never.</summary>
    internal ulong NextDeadline => State == TcpState.TimeWait ? _timeWaitUntil : _retransmitAt;

    private void OnSegmentInSynSent(in TcpHeader h)
    {
        var ackOk = h.Has(TcpFlags.Ack) && h.Acknowledgment == _iss + 1;
        if (h.Has(TcpFlags.Ack) && !ackOk)
        {
            if (!h.Has(TcpFlags.Rst)) _layer.SendResetFor(RemoteAddress, h, 0);
            return;
        }
        if (h.Has(TcpFlags.Rst))
        {
            if (ackOk) Release(notify: true);
            return;
        }
        if (!h.Has(TcpFlags.Syn) || !ackOk) return;
        _irs = h.Sequence;
        _rcvNxt = h.Sequence + 1;
        _sndUna = h.Acknowledgment;
        _sndWnd = h.Window;
        _mss = _layer.SegmentSizeFor(h.MaxSegmentSize);
        State = TcpState.Established;
        DisarmRetransmit();
        SendAck();
        if (_app != null) _app.OnConnectionEvent(this);
        if (State != TcpState.Closed) Output();
    }

    /// <summary>False if the segment must be dropped here.</summary>
    private bool OnAck(uint ack, uint window, bool pureAck, ref bool notify)
    {
        if (SequenceNumber.Greater(ack, _sndMax))
        {
            SendAck();
            return false;
        }
        if (SequenceNumber.Less(ack, _sndUna)) return true;
        if (ack == _sndUna)
        {
            if (pureAck && window == _sndWnd && _sndMax != _sndUna && !_inRecovery && ++_duplicateAcks == 3)
            {
                // Fast retransmit: resend only the first missing segment, once per window of data.
                _inRecovery = true;
                _recover = _sndMax;
                RetransmitFirst();
            }
            if (window > _sndWnd) notify = true;
            _sndWnd = window;
            return true;
        }

        var acked = (int)(ack - _sndUna);
        var finAcked = _finSentOnce && SequenceNumber.Greater(ack, _finSeq);
        _tx.Discard(finAcked ? acked - 1 : acked);
        _sndUna = ack;
        if (SequenceNumber.Less(_sndNxt, ack)) _sndNxt = ack;
        _sndWnd = window;
        _duplicateAcks = 0;
        _retries = 0;
        if (_timing && SequenceNumber.GreaterOrEqual(ack, _timedEnd))
        {
            _timing = false;
            // An ACK before the timer run that starts the measurement is not a round trip this stack
            // can time (its loop runs the timers between a sending and the next receive).
            if (!_timedSinceNextTimerRun) _rto.Sample(_layer.Now - _timedSince);
            _timedSinceNextTimerRun = false;
        }
        if (_sndUna == _sndMax) DisarmRetransmit();
        else if (_retransmitAt == 0) ArmRetransmit();
        else _restartRetransmit = true;
        notify = true;
        if (_inRecovery)
        {
            // A partial acknowledgment (RFC 6582) names the next hole: fill it right away.
            if (SequenceNumber.Less(ack, _recover)) RetransmitFirst();
            else _inRecovery = false;
        }

        if (finAcked)
        {
            if (State == TcpState.FinWait1) State = TcpState.FinWait2;
            else if (State == TcpState.Closing) EnterTimeWait();
            else if (State == TcpState.LastAck)
            {
                Release(notify: true);
                return false;
            }
        }
        return true;
    }

    private void OnFin(ref bool notify)
    {
        _rcvNxt++;
        _peerFin = true;
        _ackPending = true;
        notify = true;
        if (State == TcpState.Established) State = TcpState.CloseWait;
        else if (State == TcpState.FinWait1) State = TcpState.Closing;
        else if (State == TcpState.FinWait2) EnterTimeWait();
    }

    /// <summary>Sends what the windows allow from the send buffer, then FIN if closing, else a pure
    /// ACK if one is owed.</summary>
    private void Output()
    {
        var sent = false;
        // Nothing unsent and no FIN to send: straight to the ACK (Output runs after every segment).
        var work = _finQueued || (int)(_sndNxt - _sndUna) != _tx.Count;
        if (work && (State == TcpState.Established || State == TcpState.CloseWait || State == TcpState.FinWait1
            || State == TcpState.Closing || State == TcpState.LastAck))
        {
            var buffer = _layer.SegmentPayload;
            while (true)
            {
                var offset = (int)(_sndNxt - _sndUna);
                var available = _tx.Count - offset;
                if (available <= 0) break;
                var usable = (int)_sndWnd - offset;
                if (_probe && usable <= 0 && offset == 0) usable = 1;
                if (usable <= 0) break;
                var n = available;
                if (n > usable) n = usable;
                if (n > _mss) n = _mss;
                var flags = n == available ? (byte)(TcpFlags.Ack | TcpFlags.Psh) : TcpFlags.Ack;
                Emit(_sndNxt, flags, n, false, PeekPayload(offset, n, buffer));
                Advance((uint)n);
                sent = true;
            }
            if (_finQueued && (int)(_sndNxt - _sndUna) == _tx.Count
                && !(_finSentOnce && SequenceNumber.Greater(_sndNxt, _finSeq)))
            {
                if (!_finSentOnce)
                {
                    _finSentOnce = true;
                    _finSeq = _sndNxt;
                    if (State == TcpState.Established) State = TcpState.FinWait1;
                    else if (State == TcpState.CloseWait) State = TcpState.LastAck;
                }
                Emit(_sndNxt, TcpFlags.Fin | TcpFlags.Ack, 0, false);
                Advance(1);
                sent = true;
            }
        }
        if (sent)
        {
            if (_retransmitAt == 0) ArmRetransmit();
        }
        else
        {
            if (_ackPending) SendAck();
            if (_sndWnd == 0 && _tx.Count > 0 && _retransmitAt == 0) ArmRetransmit(); // persist: probe the closed window
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance(uint n)
    {
        var end = _sndNxt + n;
        if (SequenceNumber.Greater(end, _sndMax))
        {
            // Only a segment that starts at new data is all new, hence may be timed.
            if (!_timing && _sndNxt == _sndMax) StartTiming(end);
            _sndMax = end;
        }
        _sndNxt = end;
    }

    private void StartTiming(uint end)
    {
        _timing = true;
        _timedEnd = end;
        _timedSinceNextTimerRun = true;
    }

    private void GoBack()
    {
        _sndNxt = _sndUna;
        _duplicateAcks = 0;
        _inRecovery = false;
    }

    /// <summary>Sends the oldest unacknowledged segment again (or the FIN if only it is missing).</summary>
    private void RetransmitFirst()
    {
        Retransmissions++;
        _timing = false;
        var n = _tx.Count < _mss ? _tx.Count : _mss;
        if (n > 0)
        {
            Emit(_sndUna, TcpFlags.Ack, n, false, PeekPayload(0, n, _layer.SegmentPayload));
        }
        else if (_finSentOnce && _sndUna == _finSeq)
        {
            Emit(_finSeq, TcpFlags.Fin | TcpFlags.Ack, 0, false);
        }
    }

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="offset"/> bytes after the
    /// send buffer's head into <paramref name="payload"/> and returns their checksum sum: the one kept
    /// with them where it is known (received bytes sent on as they came), else summed now.</summary>
    private ushort PeekPayload(int offset, int length, Span<byte> payload)
    {
        var bytes = payload.Slice(0, length);
        _tx.Peek(offset, bytes);
        return _tx.TrySum(offset, length, out var sum) ? sum : InternetChecksum.Sum(bytes);
    }

    private void SendAck() => Emit(_sndNxt, TcpFlags.Ack, 0, false);

    private void Emit(uint seq, byte flags, int payloadLength, bool withMss, ushort payloadSum = 0)
    {
        var window = _rx.Free > 0xFFFF ? 0xFFFF : _rx.Free;
        _advertisedWindow = window;
        if ((flags & TcpFlags.Ack) != 0) _ackPending = false;
        _layer.Emit(LocalPort, RemoteAddress, RemotePort, seq, _rcvNxt, flags, (ushort)window, withMss, payloadLength, payloadSum);
    }

    private bool WindowGrewEnough()
    {
        var window = _rx.Free > 0xFFFF ? 0xFFFF : _rx.Free;
        var threshold = _rx.Capacity / 2 < 2 * _mss ? _rx.Capacity / 2 : 2 * _mss;
        return window - _advertisedWindow >= threshold;
    }

    private void EnterTimeWait()
    {
        State = TcpState.TimeWait;
        DisarmRetransmit();
        _timeWaitUntil = _layer.Now + TimeWaitNanoseconds;
    }

    private void ArmRetransmit()
    {
        _retransmitAt = AtNextTimerRun;
        _restartRetransmit = true;
    }

    private void DisarmRetransmit()
    {
        _retransmitAt = 0;
        _restartRetransmit = false;
        _retries = 0;
    }

    private void Reset(ushort localPort, uint remote, ushort remotePort, TcpApplication app, uint iss)
    {
        if (State == TcpState.Closed) _layer.ConnectionOpened();
        LocalPort = localPort;
        RemoteAddress = remote;
        RemotePort = remotePort;
        _app = app;
        _spliceTarget = null;
        _splicedOnArrival = 0;
        _rx.Clear();
        _tx.Clear();
        _iss = iss;
        _sndUna = iss;
        _sndNxt = iss + 1;
        _sndMax = iss + 1;
        _sndWnd = 0;
        _irs = 0;
        _rcvNxt = 0;
        _mss = _layer.SegmentSizeFor(0);
        _advertisedWindow = 0;
        _ackPending = _peerFin = _finQueued = _finSentOnce = _probe = false;
        _finSeq = 0;
        _duplicateAcks = 0;
        _inRecovery = false;
        _recover = 0;
        _retries = 0;
        _rto.Clear();
        _timing = _timedSinceNextTimerRun = false;
        _retransmitAt = 0;
        _restartRetransmit = false;
        _timeWaitUntil = 0;
        Retransmissions = 0;
    }

    private void Release(bool notify)
    {
        var wasOpen = State != TcpState.Closed;
        if (wasOpen) _layer.ConnectionClosed();
        State = TcpState.Closed;
        _retransmitAt = 0;
        _restartRetransmit = false;
        _rx.Clear();
        _tx.Clear();
        if (notify && wasOpen && _app != null) _app.OnConnectionEvent(this);
    }
}
