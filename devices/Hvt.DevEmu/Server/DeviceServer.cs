using System.Runtime.InteropServices;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.Pci;
using Solo5Net.Interop;

namespace Solo5Net.DevEmu.Server;

/// <summary>
/// Serves a device model over vfio-user on one socket path, to clients one after another and up to
/// <c>capacity</c> at once: each client gets a slot, and in it a device instance of its own
/// (<see cref="ClientConnection"/>, on its own thread); when it leaves, the instance is disposed and
/// the slot serves the next client. A connection that finds every slot taken is closed at once
/// (after a short grace, in case a slot is just being released). The server runs until SIGTERM or
/// SIGINT, then removes the socket.
/// </summary>
public sealed class DeviceServer(string socketPath, string deviceName, int capacity, Func<int, DmaSpace, IPciDevice> createInstance)
{
    /// <summary>How long a connection that finds every slot taken waits for one to be released.</summary>
    private const int SlotGraceMs = 1000;

    private const int ListenerSlot = 0, StopSlot = 1, ReleasedSlot = 2;

    private readonly object _lock = new();
    private readonly ClientConnection?[] _slots = new ClientConnection?[capacity];
    private readonly List<ClientConnection> _ended = [];
    private long _clients;
    private bool _socketCreated;

    public int Run()
    {
        using var stopFd = Eventfd.Create();
        using var releasedFd = Eventfd.Create();
        int stop = stopFd.Number;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Eventfd.Signal(stop); });
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Eventfd.Signal(stop); });
        try
        {
            using var listenerFd = Listen();
            Log.Info($"{deviceName}: listening on {socketPath}" + (capacity > 1 ? $" (up to {capacity} clients at once)" : ""));
            Accept(listenerFd.Number, stop, releasedFd.Number);
            Log.Info($"{deviceName}: stopped by signal");
            return 0;
        }
        finally
        {
            JoinAll();
            TryRemoveSocket();
        }
    }

    private void Accept(int listener, int stop, int released)
    {
        Span<PollFd> fds =
        [
            new PollFd { Fd = listener, Events = UnixSocket.POLLIN }, new PollFd { Fd = stop, Events = UnixSocket.POLLIN },
            new PollFd { Fd = released, Events = UnixSocket.POLLIN },
        ];
        while (true)
        {
            foreach (ref var f in fds) f.ReturnedEvents = 0;
            UnixSocket.Poll(fds, -1);
            if (fds[StopSlot].ReturnedEvents != 0) return;
            if (fds[ReleasedSlot].ReturnedEvents != 0) Eventfd.Drain(released);
            JoinEnded();
            if (fds[ListenerSlot].ReturnedEvents == 0) continue;
            int slot = FreeSlot();
            if (slot < 0 && WaitForRelease(stop, released)) slot = FreeSlot();
            if (slot < 0)
            {
                UnixSocket.Accept(listener).Dispose();
                Log.Debug($"{deviceName}: closed a connection: all {capacity} client slot(s) are taken");
                continue;
            }
            var socket = UnixSocket.Accept(listener);
            long number = ++_clients;
            Log.Info($"{deviceName}: client {number} connected" + (capacity > 1 ? $" (instance {slot})" : ""));
            lock (_lock)
                _slots[slot] = new ClientConnection(number, slot, deviceName, socket, dma => createInstance(slot, dma), stop, c => Release(c, released));
        }
    }

    /// <summary>Waits up to <see cref="SlotGraceMs"/> for a client to leave; false on stop or timeout.</summary>
    private static bool WaitForRelease(int stop, int released)
    {
        Span<PollFd> fds = [new PollFd { Fd = stop, Events = UnixSocket.POLLIN }, new PollFd { Fd = released, Events = UnixSocket.POLLIN }];
        UnixSocket.Poll(fds, SlotGraceMs);
        return fds[0].ReturnedEvents == 0 && fds[1].ReturnedEvents != 0;
    }

    private int FreeSlot()
    {
        lock (_lock) return Array.IndexOf(_slots, null);
    }

    private void Release(ClientConnection connection, int released)
    {
        lock (_lock)
        {
            _slots[connection.Slot] = null;
            _ended.Add(connection);
        }
        Eventfd.Signal(released);
    }

    private void JoinEnded()
    {
        List<ClientConnection> ended;
        lock (_lock)
        {
            ended = [.. _ended];
            _ended.Clear();
        }
        foreach (var c in ended) c.Join();
    }

    private void JoinAll()
    {
        List<ClientConnection> live;
        lock (_lock) live = [.. _slots.OfType<ClientConnection>()];
        foreach (var c in live) c.Join();
        JoinEnded();
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
