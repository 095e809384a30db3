using Solo5Net.DevEmu.E1000;
using Solo5Net.DevEmu.Server;
using Solo5Net.Interop;

namespace Solo5Net.DevEmu.Net.Switch;

/// <summary>
/// The thread that moves frames arriving on the uplink (the tap) into the switch, a batch per
/// wake-up. It runs from construction to disposal, whether or not any client is attached (frames
/// for nobody are dropped by the switch).
/// </summary>
public sealed class UplinkPump : IDisposable
{
    private const int FramesPerWakeup = 64;

    private readonly FrameSwitch _switch;
    private readonly IFramePort _uplink;
    private readonly FileDescriptor _stop = Eventfd.Create();
    private readonly Thread _thread;

    public UplinkPump(FrameSwitch owner, IFramePort uplink)
    {
        _switch = owner;
        _uplink = uplink;
        _thread = new Thread(Run) { Name = "uplink", IsBackground = true };
        _thread.Start();
    }

    public void Dispose()
    {
        Eventfd.Signal(_stop.Number);
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        var buffer = new byte[65536];
        Span<PollFd> fds = [new PollFd { Fd = _uplink.Fd, Events = UnixSocket.POLLIN }, new PollFd { Fd = _stop.Number, Events = UnixSocket.POLLIN }];
        while (true)
        {
            fds[0].ReturnedEvents = fds[1].ReturnedEvents = 0;
            UnixSocket.Poll(fds, -1);
            if (fds[1].ReturnedEvents != 0) return;
            short events = fds[0].ReturnedEvents;
            if ((events & UnixSocket.POLLIN) != 0) Pump(buffer);
            else if ((events & (UnixSocket.POLLERR | UnixSocket.POLLHUP | UnixSocket.POLLNVAL)) != 0)
            {
                Log.Warn($"switch: uplink descriptor {fds[0].Fd} failed (poll events 0x{events:x}); no longer served");
                return;
            }
        }
    }

    private void Pump(byte[] buffer)
    {
        try
        {
            _switch.PumpUplink(buffer, FramesPerWakeup);
        }
        catch (Exception e)
        {
            // A defect in the switch must not take the server down with it.
            Log.Warn($"switch: serving the uplink failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
