using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>
/// Who acts on SIGINT/SIGTERM during a run (docs/architecture.md §2, exit paths), without a thread
/// that lives as long as the guest. The signals are blocked (<see cref="ExitSignalFd"/>; the native
/// tender blocks them before its runtime starts any thread) and read from a signalfd by the main
/// thread while it waits for the vCPU thread to end. When set-up will wait on a device peer or a
/// debugger (<see cref="ITenderModule.SetupWaitsOnPeers"/>), a short-lived thread "setup-signals"
/// reads them until set-up is done, so that a signal ends the run at once even then; otherwise set-up
/// takes milliseconds and a signal that comes during it waits for the main thread (a thread's start
/// costs about as much: the runtime waits until the new thread runs). A signal is never lost: it stays
/// pending until one of them reads it.
/// </summary>
internal sealed class ExitSignalWatch : IDisposable
{
    private readonly ExitSignalFd _signals;
    private readonly FileDescriptor? _setupDone;
    private readonly FileDescriptor _guestEnded;
    private readonly Action<int> _onSignal;
    private Thread? _setupWatcher;

    /// <param name="onSignal">Acts on the signal of that number: it ends the process, or returns when
    /// another exit has been claimed first (the watch then goes on).</param>
    /// <param name="watchSetup">Start "setup-signals" for the set-up phase.</param>
    public ExitSignalWatch(Action<int> onSignal, bool watchSetup)
    {
        _onSignal = onSignal;
        // The wake-ups exist before the seccomp filter, which allows no new eventfd.
        _guestEnded = Eventfd.Create();
        _signals = ExitSignalFd.Open();
        if (!watchSetup) return;
        _setupDone = Eventfd.Create();
        _setupWatcher = new Thread(WatchDuringSetup, maxStackSize: 64 * 1024) { IsBackground = true, Name = "setup-signals" };
        _setupWatcher.Start();
    }

    /// <summary>Ends the set-up watch: the thread "setup-signals" is gone when this returns (unless it
    /// took a signal, in which case the process is ending and this never returns).</summary>
    public void EndSetupWatch()
    {
        if (_setupWatcher == null) return;
        Eventfd.Signal(_setupDone!.Number);
        _setupWatcher.Join();
        _setupWatcher = null;
    }

    /// <summary>For the vCPU thread, as it ends: wakes <see cref="WaitForGuestEnd"/>.</summary>
    public void GuestEnded() => Eventfd.Signal(_guestEnded.Number);

    /// <summary>The main thread waits until the vCPU thread has ended, acting on any signal meanwhile.</summary>
    public void WaitForGuestEnd()
    {
        while (WaitForSignalOr(_guestEnded.Number) is int signal) _onSignal(signal);
    }

    public void Dispose()
    {
        EndSetupWatch();
        _signals.Dispose();
        _setupDone?.Dispose();
        _guestEnded.Dispose();
    }

    private void WatchDuringSetup()
    {
        while (WaitForSignalOr(_setupDone!.Number) is int signal) _onSignal(signal);
    }

    /// <summary>A signal's number once one is pending, or null once <paramref name="wakeFd"/> is readable.</summary>
    private int? WaitForSignalOr(int wakeFd)
    {
        Span<PollFd> fds = [new PollFd { Fd = _signals.Number, Events = UnixSocket.POLLIN }, new PollFd { Fd = wakeFd, Events = UnixSocket.POLLIN }];
        while (true)
        {
            int signal = _signals.TryTake();
            if (signal != 0) return signal;
            if (fds[1].ReturnedEvents != 0) return null;
            fds[0].ReturnedEvents = fds[1].ReturnedEvents = 0;
            UnixSocket.Poll(fds, -1);
        }
    }
}
