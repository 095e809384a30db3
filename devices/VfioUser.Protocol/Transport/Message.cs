using Solo5Net.Interop;

namespace Solo5Net.VfioUser;

/// <summary>
/// One received message: header, payload and the descriptors that came with it. The message owns
/// the descriptors until <see cref="TakeFd"/> hands one over; disposing closes the rest.
/// </summary>
public sealed class Message(MessageHeader header, byte[] payload, FileDescriptor?[] fds) : IDisposable
{
    private readonly FileDescriptor?[] _fds = fds;

    public MessageHeader Header { get; } = header;
    public byte[] Payload { get; } = payload;
    public int FdCount => _fds.Count(fd => fd != null);

    /// <summary>Transfers ownership of descriptor <paramref name="index"/> to the caller.</summary>
    public FileDescriptor TakeFd(int index)
    {
        if (index >= _fds.Length || _fds[index] is not { } fd)
            throw new VfioUserException(Header.Command, Errno.EINVAL, $"message carries no descriptor #{index}");
        _fds[index] = null;
        return fd;
    }

    public void Dispose()
    {
        foreach (var fd in _fds) fd?.Dispose();
        Array.Clear(_fds);
    }
}
