using System.Numerics;
using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>
/// What POLL waits on (docs/hvt-abi.md §4.4): an internal CLOCK_MONOTONIC timerfd plus every registered
/// poll source, each tagged with its manifest index. Level-triggered.
/// </summary>
public sealed class PollSet : IDisposable
{
    private const ulong TimerTag = ulong.MaxValue, InterruptTag = ulong.MaxValue - 1;

    private readonly FileDescriptor _epollFd;
    private readonly FileDescriptor _timerFd;
    private readonly int _epoll;   // the two numbers, read once for POLL (see FileDescriptor)
    private readonly int _timer;
    private readonly FileDescriptor _interruptFd;
    private readonly int _interrupt;
    private sealed record Source(int Fd, int Index, Func<bool> Report, Action? BeforeWait);

    private readonly List<Source> _sources = [];
    private readonly EpollEvent[] _events = new EpollEvent[65];

    public PollSet()
    {
        using var epoll = Epoll.Create();
        using var timer = Timerfd.Create(Timerfd.CLOCK_MONOTONIC);
        using var interrupt = Eventfd.Create();
        Epoll.Add(epoll.Number, timer.Number, Epoll.EPOLLIN, TimerTag);
        Epoll.Add(epoll.Number, interrupt.Number, Epoll.EPOLLIN, InterruptTag);
        _epollFd = epoll.Transfer();
        _timerFd = timer.Transfer();
        _interruptFd = interrupt.Transfer();
        _epoll = _epollFd.Number;
        _timer = _timerFd.Number;
        _interrupt = _interruptFd.Number;
    }

    /// <summary>From another thread, when the run is being stopped: a POLL in progress returns at once
    /// with nothing ready, and so does every later one.</summary>
    public void Interrupt() => Eventfd.Signal(_interrupt);

    /// <summary>Adds a descriptor; when readable, POLL reports bit <paramref name="manifestIndex"/> and then calls
    /// <paramref name="onReported"/>; <paramref name="beforeWait"/> runs at the start of every POLL.</summary>
    public void Add(int fd, int manifestIndex, Action? onReported, Action? beforeWait = null) =>
        AddFiltered(fd, manifestIndex, onReported == null ? Always : () => { onReported(); return true; }, beforeWait);

    /// <summary>Adds a descriptor whose readiness <paramref name="filter"/> consumes and judges: POLL reports bit
    /// <paramref name="manifestIndex"/> only when it returns true, and otherwise keeps waiting.</summary>
    public void AddFiltered(int fd, int manifestIndex, Func<bool> filter, Action? beforeWait = null)
    {
        if (manifestIndex is < 0 or >= 64) throw new ArgumentOutOfRangeException(nameof(manifestIndex));
        _sources.Add(new Source(fd, manifestIndex, filter, beforeWait));
        Epoll.Add(_epoll, fd, Epoll.EPOLLIN, (ulong)(_sources.Count - 1));
    }

    private static bool Always() => true;

    /// <summary>
    /// Waits until the timeout (lowest nanosecond bit forced to 1) passes or a source is readable;
    /// returns the ready set and the number of ready devices.
    /// </summary>
    public (ulong ReadySet, int Count) Wait(ulong timeoutNanoseconds)
    {
        foreach (var source in _sources) source.BeforeWait?.Invoke();
        Timerfd.SetOneShot(_timer, Timespec.FromNanoseconds(timeoutNanoseconds | 1));
        ulong ready = 0;
        bool timedOut = false;
        // Only events a filter held back (a masked vector): nothing to report yet, so wait on.
        while (ready == 0 && !timedOut)
        {
            int n = Epoll.Wait(_epoll, _events, -1);
            for (int i = 0; i < n; i++)
            {
                ulong tag = _events[i].Data;
                if (tag is TimerTag or InterruptTag) { timedOut = true; continue; }
                var source = _sources[(int)tag];
                if (source.Report()) ready |= 1UL << source.Index;
            }
        }
        return (ready, BitOperations.PopCount(ready));
    }

    public void Dispose()
    {
        _timerFd.Dispose();
        _epollFd.Dispose();
        _interruptFd.Dispose();
    }
}
