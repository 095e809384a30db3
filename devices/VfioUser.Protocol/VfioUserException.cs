namespace Solo5Net.VfioUser;

/// <summary>A vfio-user request the peer answered with an error reply (or that could not complete).</summary>
public sealed class VfioUserException : Exception
{
    public VfioUserException(Command command, int errno, string? detail = null)
        : base($"vfio-user {command}: {Solo5Net.Interop.Errno.Name(errno)} ({errno}){(detail is null ? "" : ": " + detail)}")
    {
        Command = command;
        Errno = errno;
    }

    public Command Command { get; }
    public int Errno { get; }
}

/// <summary>Bytes on the socket that break the protocol: malformed, oversized, out of order, or a timeout.</summary>
public class VfioUserProtocolException(string message) : Exception(message);

/// <summary>No message (or not the rest of one) arrived within the allowed time.</summary>
public sealed class VfioUserTimeoutException(string message) : VfioUserProtocolException(message);
