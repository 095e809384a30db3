using Solo5Net.Interop;

namespace Solo5Net.VfioUser;

/// <summary>
/// One received message: header, payload and the descriptors that came with it. The message owns
/// the descriptors until <see cref="TakeFd"/> hands one over; disposing closes the rest.
/// </summary>
public sealed class Message(MessageHeader header, byte[] payload, int[] fds) : IDisposable
{
    private readonly int[] _fds = fds;

    public MessageHeader Header { get; } = header;
    public byte[] Payload { get; } = payload;
    public int FdCount => _fds.Count(fd => fd >= 0);

    /// <summary>Transfers ownership of descriptor <paramref name="index"/> to the caller.</summary>
    public int TakeFd(int index)
    {
        if (index >= _fds.Length || _fds[index] < 0)
            throw new VfioUserException(Header.Command, Errno.EINVAL, $"message carries no descriptor #{index}");
        int fd = _fds[index];
        _fds[index] = -1;
        return fd;
    }

    public void Dispose()
    {
        for (int i = 0; i < _fds.Length; i++)
        {
            if (_fds[i] < 0) continue;
            Libc.Close(_fds[i]);
            _fds[i] = -1;
        }
    }
}
