namespace Solo5Net.Hvt.Modules.Gdb.Protocol;

/// <summary>
/// Splits the debugger's byte stream into packets, acknowledgements and interrupts
/// (docs/gdb.md §2: $payload#checksum, the checksum the sum of the payload bytes modulo 256 as two
/// hex digits, '}' escaping the next byte XOR 0x20). Bytes outside a packet other than '+', '-'
/// and 0x03 are ignored, as gdb's own stubs do. Any byte sequence is accepted: a broken packet is
/// <see cref="RspInputKind.Corrupt"/>, never an exception.
/// </summary>
public sealed class RspDecoder
{
    /// <summary>The longest payload accepted (before escapes are undone); what qSupported announces as PacketSize.</summary>
    public const int MaxPayload = 0x4000;

    private enum State { Idle, Payload, Escape, Checksum1, Checksum2 }

    private State _state = State.Idle;
    private readonly List<byte> _payload = [];
    private int _raw;
    private byte _sum;
    private int _checksumHigh;
    private bool _overflow;

    /// <summary>Feeds bytes; every complete unit is appended to <paramref name="output"/>.</summary>
    public void Push(ReadOnlySpan<byte> bytes, List<RspInput> output)
    {
        foreach (byte b in bytes) Push(b, output);
    }

    private void Push(byte b, List<RspInput> output)
    {
        switch (_state)
        {
            case State.Idle:
                if (b == (byte)'$') Begin();
                else if (b == (byte)'+') output.Add(RspInput.Of(RspInputKind.Ack));
                else if (b == (byte)'-') output.Add(RspInput.Of(RspInputKind.Nack));
                else if (b == 0x03) output.Add(RspInput.Of(RspInputKind.Interrupt));
                break;
            case State.Payload:
                if (b == (byte)'#') { _state = State.Checksum1; break; }
                if (b == (byte)'$') { output.Add(RspInput.Of(RspInputKind.Corrupt)); Begin(); break; }
                Count(b);
                if (b == (byte)'}') _state = State.Escape;
                else Keep(b);
                break;
            case State.Escape:
                Count(b);
                Keep((byte)(b ^ 0x20));
                _state = State.Payload;
                break;
            case State.Checksum1 or State.Checksum2 when b == (byte)'$':
                output.Add(RspInput.Of(RspInputKind.Corrupt));
                Begin();
                break;
            case State.Checksum1:
                _checksumHigh = Hex.DigitValue((char)b);
                _state = State.Checksum2;
                break;
            case State.Checksum2:
                int low = Hex.DigitValue((char)b);
                bool valid = _checksumHigh >= 0 && low >= 0 && (_checksumHigh << 4 | low) == _sum && !_overflow;
                output.Add(valid ? new RspInput(RspInputKind.Packet, [.. _payload]) : RspInput.Of(RspInputKind.Corrupt));
                _state = State.Idle;
                break;
        }
    }

    private void Begin()
    {
        _state = State.Payload;
        _payload.Clear();
        _raw = 0;
        _sum = 0;
        _overflow = false;
    }

    private void Count(byte b)
    {
        _sum += b;
        if (++_raw > MaxPayload) _overflow = true;
    }

    private void Keep(byte b)
    {
        if (!_overflow) _payload.Add(b);
    }
}
