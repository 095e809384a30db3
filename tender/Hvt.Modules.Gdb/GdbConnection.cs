using Solo5Net.Hvt.Modules.Gdb.Protocol;
using Solo5Net.Interop;

namespace Solo5Net.Hvt.Modules.Gdb;

/// <summary>
/// The debugger's TCP connection: packets in (acknowledged with '+' or refused with '-' until gdb
/// turns acknowledgements off), framed replies out, the last one sent again on '-'.
/// </summary>
public sealed class GdbConnection(FileDescriptor socket) : IDisposable
{
    private readonly RspDecoder _decoder = new();
    private readonly Queue<RspInput> _pending = new();
    private readonly List<RspInput> _decoded = [];
    private readonly byte[] _buffer = new byte[4096];
    private byte[] _lastReply = [];
    private bool _acknowledge = true;

    /// <summary>False once the debugger has gone (end of stream or a socket error).</summary>
    public bool IsOpen => !socket.IsClosed;

    /// <summary>The next packet's payload, or null when the debugger has gone.</summary>
    public string? ReceivePacket()
    {
        while (IsOpen)
        {
            while (_pending.TryDequeue(out var input))
            {
                switch (input.Kind)
                {
                    case RspInputKind.Packet:
                        if (_acknowledge) Send("+"u8);
                        return input.Text;
                    case RspInputKind.Corrupt:
                        if (_acknowledge) Send("-"u8);
                        break;
                    case RspInputKind.Nack:
                        Send(_lastReply);
                        break;
                }
            }
            int received;
            try { received = TcpSocket.Receive(socket.Number, _buffer); }
            catch (SystemCallException) { received = 0; }
            if (received == 0)
            {
                socket.Dispose();
                break;
            }
            _decoded.Clear();
            _decoder.Push(_buffer.AsSpan(0, received), _decoded);
            foreach (var input in _decoded) _pending.Enqueue(input);
        }
        return null;
    }

    public void SendPacket(string payload)
    {
        _lastReply = RspEncoder.Frame(payload);
        Send(_lastReply);
    }

    /// <summary>After the reply to QStartNoAckMode: neither side acknowledges any more.</summary>
    public void EndAcknowledgements() => _acknowledge = false;

    private void Send(ReadOnlySpan<byte> bytes)
    {
        if (!IsOpen) return;
        try { TcpSocket.SendAll(socket.Number, bytes); }
        catch (SystemCallException) { socket.Dispose(); }
    }

    public void Dispose() => socket.Dispose();
}
