using Solo5Net.DevEmu.E1000;
using Solo5Net.Interop;

namespace Solo5Net.DevEmu.Net;

/// <summary>An existing tap interface opened non-blocking (IFF_TAP | IFF_NO_PI): one read or write per frame.</summary>
public sealed class TapPort : IFramePort
{
    private readonly FileDescriptor _tap;
    private int _fd;   // the tap's number, read once for the frame path; -1 once disposed

    private TapPort(FileDescriptor tap, string name)
    {
        _tap = tap;
        _fd = tap.Number;
        Name = name;
    }

    public string Name { get; }
    public int Fd => _fd;

    public static TapPort Open(string name)
    {
        try
        {
            return new TapPort(Tap.Attach(name), name);
        }
        catch (SystemCallException e)
        {
            throw new IOException($"cannot attach to tap '{name}': {e.Message}");
        }
    }

    public int TryReceive(Span<byte> frame)
    {
        long n = Libc.TryRead(_fd, frame);
        if (n >= 0) return (int)n;
        if (n != -Errno.EAGAIN) ReportReadError((int)-n);
        return -1;
    }

    // Not a lambda in TryReceive: one capturing its local would allocate its closure on every read.
    private void ReportReadError(int errno)
    {
        if (Server.Log.FirstTime("tap-read")) Server.Log.Debug($"read(tap {Name}): {Errno.Name(errno)}");
    }

    public bool TrySend(ReadOnlySpan<byte> frame) => Libc.TryWrite(_fd, frame) == frame.Length;

    public void Dispose()
    {
        _fd = -1;
        _tap.Dispose();
    }
}
