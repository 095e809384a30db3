using Solo5Net.Interop;

namespace Solo5Net.VfioUser;

/// <summary>
/// One received message: header, payload and the descriptors that came with it. A
/// <see cref="MessageChannel"/> owns one and receives every message into it, so receiving
/// allocates nothing once the payload buffer has grown to the largest message seen: the message
/// is valid until the channel's next receive. It owns the descriptors until <see cref="TakeFd"/>
/// hands one over; disposing closes the rest (the frame stays usable for the next message).
/// </summary>
public sealed class Message : IDisposable
{
    private const int InitialCapacity = 256, GrowthLimit = 64 * 1024;

    private readonly FileDescriptor?[] _fds = new FileDescriptor?[UnixSocket.MaxFdsPerMessage];
    private byte[] _buffer = new byte[InitialCapacity];
    private int _length;

    internal Message()
    {
    }

    public MessageHeader Header { get; private set; }

    /// <summary>The payload (the bytes after the header), valid until the channel's next receive.</summary>
    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(0, _length);

    public int FdCount
    {
        get
        {
            int count = 0;
            foreach (var fd in _fds)
                if (fd != null) count++;
            return count;
        }
    }

    /// <summary>The number of descriptor <paramref name="index"/>, still owned by the message (to inspect it).</summary>
    public int Fd(int index)
    {
        if ((uint)index >= (uint)_fds.Length || _fds[index] is not { } fd)
            throw new VfioUserException(Header.Command, Errno.EINVAL, $"message carries no descriptor #{index}");
        return fd.Number;
    }

    /// <summary>Transfers ownership of descriptor <paramref name="index"/> to the caller.</summary>
    public FileDescriptor TakeFd(int index)
    {
        if ((uint)index >= (uint)_fds.Length || _fds[index] is not { } fd)
            throw new VfioUserException(Header.Command, Errno.EINVAL, $"message carries no descriptor #{index}");
        _fds[index] = null;
        return fd;
    }

    /// <summary>Closes the descriptors nobody took.</summary>
    public void Dispose()
    {
        for (int i = 0; i < _fds.Length; i++)
        {
            _fds[i]?.Dispose();
            _fds[i] = null;
        }
    }

    /// <summary>Starts the next message: the previous one's descriptors are closed and the buffer
    /// holds at least <paramref name="payloadLength"/> bytes (it grows, never shrinks).</summary>
    internal Span<byte> Begin(MessageHeader header, int payloadLength)
    {
        Dispose();
        if (_buffer.Length < payloadLength) _buffer = new byte[Math.Max(payloadLength, Math.Min(_buffer.Length * 2, GrowthLimit))];
        Header = header;
        _length = payloadLength;
        return _buffer.AsSpan(0, payloadLength);
    }

    /// <summary>Takes over the descriptors that came with the message (at most <see cref="UnixSocket.MaxFdsPerMessage"/>).</summary>
    internal void Adopt(List<FileDescriptor> fds)
    {
        for (int i = 0; i < fds.Count; i++) _fds[i] = fds[i];
        fds.Clear();
    }
}
