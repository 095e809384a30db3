using System.Runtime.InteropServices;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.Pci;
using Solo5Net.Interop;
using Solo5Net.VfioUser;

namespace Solo5Net.DevEmu.Server;

/// <summary>
/// Serves one device to one vfio-user client: listens on the socket path, serves the first client
/// that sends a message (and the device's own descriptors) until it disconnects or SIGTERM/SIGINT
/// arrives, then removes the socket and reports its counters. While a client is served, further
/// connections are closed at once; a connection that closes without sending anything (a probe)
/// does not end the server.
/// </summary>
public sealed class DeviceServer(string socketPath, IPciDevice device, DmaSpace dma)
{
    /// <summary>How long the rest of a message may take once its first byte arrived.</summary>
    private const int MessageTimeoutMs = 5000;

    /// <summary>How long a reply may wait for a client that does not read its socket.</summary>
    private const int ReplyTimeoutMs = 5000;

    private const int ClientSlot = 0, StopSlot = 1, ListenerSlot = 2, FirstSourceSlot = 3;

    private bool _socketCreated;

    private enum Outcome { Served, Probe, Stopped }

    public int Run()
    {
        using var stopFd = Eventfd.Create();
        int stop = stopFd.Number;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Eventfd.Signal(stop); });
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Eventfd.Signal(stop); });
        try
        {
            using var listenerFd = Listen();
            int listener = listenerFd.Number;
            Log.Info($"{device.Name}: listening on {socketPath}");
            while (true)
            {
                var client = WaitForClient(listener, stop);
                if (client == null)
                {
                    Log.Info($"{device.Name}: stopped before a client connected");
                    return 0;
                }
                Log.Info($"{device.Name}: client connected");
                using var channel = new MessageChannel(client);
                UnixSocket.SetSendTimeout(channel.Fd, ReplyTimeoutMs);
                var session = new ClientSession(channel, device, dma);
                var (outcome, why) = Serve(channel, session, listener, stop);
                Log.Info($"{device.Name}: client disconnected ({why})");
                if (outcome == Outcome.Probe) continue;
                ReportCounters(session);
                return 0;
            }
        }
        finally
        {
            TryRemoveSocket();
        }
    }

    private FileDescriptor Listen()
    {
        if (File.Exists(socketPath) || Directory.Exists(socketPath))
        {
            if (!UnixSocket.IsSocketFile(socketPath)) throw new IOException($"{socketPath} already exists and is not a socket");
            if (!IsStaleSocket()) throw new IOException($"{socketPath} already exists and another server is listening on it");
            File.Delete(socketPath);
        }
        // Bind under a private name and rename once listening, so that the path never exists
        // without a listener behind it (a client that waits for the file may connect at once).
        string staging = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(socketPath)) ?? ".", $".hvt-devemu-{Environment.ProcessId}.sock");
        if (System.Text.Encoding.UTF8.GetByteCount(staging) >= UnixSocket.MaxPathBytes) staging = socketPath;
        if (staging != socketPath && File.Exists(staging)) File.Delete(staging);
        using var fd = UnixSocket.Listen(staging, backlog: 4);
        try
        {
            if (staging != socketPath) File.Move(staging, socketPath);
        }
        catch
        {
            File.Delete(staging);
            throw;
        }
        _socketCreated = true;
        return fd.Transfer();
    }

    /// <summary>A socket nobody listens on. (A listening hvt-devemu takes this probe for what it is.)</summary>
    private bool IsStaleSocket()
    {
        try
        {
            UnixSocket.Connect(socketPath).Dispose();
            return false;
        }
        catch (SystemCallException e)
        {
            return e.ErrorNumber == Errno.ECONNREFUSED;
        }
    }

    private static FileDescriptor? WaitForClient(int listener, int stop)
    {
        Span<PollFd> fds = [new PollFd { Fd = listener, Events = UnixSocket.POLLIN }, new PollFd { Fd = stop, Events = UnixSocket.POLLIN }];
        while (true)
        {
            UnixSocket.Poll(fds, -1);
            if (fds[1].ReturnedEvents != 0) return null;
            if (fds[0].ReturnedEvents != 0) return UnixSocket.Accept(listener);
        }
    }

    private (Outcome, string) Serve(MessageChannel channel, ClientSession session, int listener, int stop)
    {
        var sources = device.PollSources;
        var fds = new PollFd[FirstSourceSlot + sources.Count];
        fds[ClientSlot] = new PollFd { Fd = channel.Fd, Events = UnixSocket.POLLIN };
        fds[StopSlot] = new PollFd { Fd = stop, Events = UnixSocket.POLLIN };
        fds[ListenerSlot] = new PollFd { Fd = listener, Events = UnixSocket.POLLIN };
        for (int i = 0; i < sources.Count; i++) fds[FirstSourceSlot + i] = new PollFd { Fd = sources[i].Fd, Events = UnixSocket.POLLIN };
        bool anyMessage = false;
        Outcome Ended() => anyMessage ? Outcome.Served : Outcome.Probe;
        while (true)
        {
            foreach (ref var f in fds.AsSpan()) f.ReturnedEvents = 0;
            UnixSocket.Poll(fds, -1);
            if (fds[StopSlot].ReturnedEvents != 0) return (Outcome.Stopped, "stopped by signal");
            if (fds[ListenerSlot].ReturnedEvents != 0) TurnAwaySecondClient(listener);
            ServeSources(sources, fds);
            if (fds[ClientSlot].ReturnedEvents == 0) continue;
            try
            {
                using var message = channel.Receive(MessageTimeoutMs);
                if (message is null) return (Ended(), anyMessage ? "end of stream" : "closed without a request; still listening");
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
                Log.Warn($"{device.Name}: descriptor {fds[FirstSourceSlot + i].Fd} failed (poll events {events:#x}); no longer served");
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
            Log.Warn($"{device.Name}: serving descriptor {source.Fd} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private void TurnAwaySecondClient(int listener)
    {
        UnixSocket.Accept(listener).Dispose();
        Log.Debug($"{device.Name}: closed a second connection (one client at a time)");
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

    private void ReportCounters(ClientSession session)
    {
        var parts = new List<(string, long)>
        {
            ("requests", session.Requests), ("error-replies", session.ErrorReplies), ("malformed", session.Malformed),
            ("dma-read-bytes", dma.BytesRead), ("dma-write-bytes", dma.BytesWritten), ("dma-faults", dma.Faults),
            ("interrupts", device.Interrupts.Signalled),
        };
        parts.AddRange(device.Counters());
        Log.Info($"{device.Name}: counters: " + string.Join(' ', parts.Select(p => $"{p.Item1}={p.Item2}")));
    }

    private void TryRemoveSocket()
    {
        if (!_socketCreated) return;
        try
        {
            File.Delete(socketPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
