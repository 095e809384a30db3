using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.Pci;
using Solo5Net.Interop;
using Solo5Net.VfioUser;

namespace Solo5Net.DevEmu.Server;

/// <summary>
/// One client on its own thread, with a device instance and a DMA space of its own: serves its
/// messages and the instance's descriptors until the client disconnects, dies, breaks the protocol
/// or the server stops; then reports the client's counters and disposes the instance (its interrupt
/// eventfds, its wire) and the DMA space (every mapping the client made), so nothing of one client
/// is left for the next. A slow or hostile client holds up only its own thread.
/// </summary>
public sealed class ClientConnection
{
    /// <summary>How long the rest of a message may take once its first byte arrived.</summary>
    private const int MessageTimeoutMs = 5000;

    /// <summary>How long a reply may wait for a client that does not read its socket.</summary>
    private const int ReplyTimeoutMs = 5000;

    private const int ClientSlot = 0, StopSlot = 1, FirstSourceSlot = 2;

    private readonly FileDescriptor _socket;
    private readonly Func<DmaSpace, IPciDevice> _createInstance;
    private readonly int _stopFd;
    private readonly Thread _thread;
    private string _name;

    private enum Outcome { Served, Probe, Stopped }

    /// <summary>Starts serving <paramref name="socket"/> (taken over) on a new thread; <paramref name="ended"/>
    /// runs on that thread once everything of the client is released.</summary>
    public ClientConnection(long number, int slot, string deviceName, FileDescriptor socket,
        Func<DmaSpace, IPciDevice> createInstance, int stopFd, Action<ClientConnection> ended)
    {
        Number = number;
        Slot = slot;
        _name = deviceName;
        _socket = socket;
        _createInstance = createInstance;
        _stopFd = stopFd;
        _thread = new Thread(() =>
        {
            Run();
            ended(this);
        }) { Name = $"client-{number}", IsBackground = true };
        _thread.Start();
    }

    /// <summary>The client's number (1, 2, … in order of connection).</summary>
    public long Number { get; }

    /// <summary>The device instance slot the client occupies.</summary>
    public int Slot { get; }

    public void Join() => _thread.Join();

    private void Run()
    {
        string why;
        try
        {
            why = ServeAndRelease();
        }
        catch (Exception e)
        {
            // Whatever went wrong is this client's alone: the server and its other clients go on.
            why = $"internal error: {e.GetType().Name}: {e.Message}";
        }
        Log.Info($"{_name}: client {Number} disconnected ({why})");
    }

    /// <summary>Serves the client; returns why it ended, once its instance, mappings and socket are released.</summary>
    private string ServeAndRelease()
    {
        using var channel = new MessageChannel(_socket);
        UnixSocket.SetSendTimeout(channel.Fd, ReplyTimeoutMs);
        using var dma = new DmaSpace();
        using var device = _createInstance(dma);
        _name = device.Name;
        var session = new ClientSession(channel, device, dma);
        var (outcome, why) = Serve(channel, session, device);
        if (outcome != Outcome.Probe) ReportCounters(session, device, dma);
        return why;
    }

    private (Outcome, string) Serve(MessageChannel channel, ClientSession session, IPciDevice device)
    {
        var sources = device.PollSources;
        var fds = new PollFd[FirstSourceSlot + sources.Count];
        fds[ClientSlot] = new PollFd { Fd = channel.Fd, Events = UnixSocket.POLLIN };
        fds[StopSlot] = new PollFd { Fd = _stopFd, Events = UnixSocket.POLLIN };
        for (int i = 0; i < sources.Count; i++) fds[FirstSourceSlot + i] = new PollFd { Fd = sources[i].Fd, Events = UnixSocket.POLLIN };
        bool anyMessage = false;
        Outcome Ended() => anyMessage ? Outcome.Served : Outcome.Probe;
        while (true)
        {
            foreach (ref var f in fds.AsSpan()) f.ReturnedEvents = 0;
            UnixSocket.Poll(fds, -1);
            if (fds[StopSlot].ReturnedEvents != 0) return (Outcome.Stopped, "stopped by signal");
            ServeSources(sources, fds);
            if (fds[ClientSlot].ReturnedEvents == 0) continue;
            try
            {
                using var message = channel.Receive(MessageTimeoutMs);
                if (message is null) return (Ended(), anyMessage ? "end of stream" : "closed without a request");
                anyMessage = true;
                session.Handle(message);
            }
            catch (OversizedMessageException e)
            {
                TrySendError(channel, e.Header, Errno.E2BIG);
                return (Outcome.Served, e.Message);
            }
            catch (VfioUserProtocolException e)
            {
                return (Outcome.Served, "protocol error: " + e.Message);
            }
            catch (SystemCallException e) when (e.ErrorNumber is Errno.EPIPE or Errno.ECONNRESET)
            {
                return (Ended(), "connection lost");
            }
            catch (SystemCallException e) when (e.ErrorNumber == Errno.EAGAIN)
            {
                return (Outcome.Served, $"client did not take a reply within {ReplyTimeoutMs} ms");
            }
        }
    }

    private void ServeSources(IReadOnlyList<PollSource> sources, PollFd[] fds)
    {
        for (int i = 0; i < sources.Count; i++)
        {
            short events = fds[FirstSourceSlot + i].ReturnedEvents;
            if ((events & UnixSocket.POLLIN) != 0) ServeSource(sources[i]);
            if ((events & (UnixSocket.POLLERR | UnixSocket.POLLHUP | UnixSocket.POLLNVAL)) != 0)
            {
                Log.Warn($"{_name}: descriptor {fds[FirstSourceSlot + i].Fd} failed (poll events 0x{events:x}); no longer served");
                fds[FirstSourceSlot + i].Fd = -1;
            }
        }
    }

    private void ServeSource(PollSource source)
    {
        try
        {
            source.OnReadable();
        }
        catch (Exception e)
        {
            // A defect in a device model must not take the server down with it.
            Log.Warn($"{_name}: serving descriptor {source.Fd} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static void TrySendError(MessageChannel channel, MessageHeader header, int errno)
    {
        try
        {
            if (header.Type == MessageType.Command && !header.NoReply) channel.SendError(header.MessageId, header.Command, errno);
        }
        catch (SystemCallException)
        {
        }
    }

    private void ReportCounters(ClientSession session, IPciDevice device, DmaSpace dma)
    {
        var parts = new List<(string, long)>
        {
            ("requests", session.Requests), ("error-replies", session.ErrorReplies), ("unanswered-errors", session.UnansweredErrors),
            ("malformed", session.Malformed),
            ("dma-read-bytes", dma.BytesRead), ("dma-write-bytes", dma.BytesWritten), ("dma-faults", dma.Faults),
            ("interrupts", device.Interrupts.Signalled),
        };
        parts.AddRange(device.Counters());
        Log.Info($"{_name}: client {Number} counters: " + string.Join(' ', parts.Select(p => $"{p.Item1}={p.Item2}")));
    }
}
