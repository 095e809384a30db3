using Solo5Net.DevEmu.Pci;
using Solo5Net.Interop;

namespace Solo5Net.DevEmu.Interrupts;

/// <summary>
/// Interrupt moderation: keeps a device's interrupts at least <see cref="IntervalNanoseconds"/>
/// apart, as the e1000's ITR does. An interrupt wanted sooner is deferred: a one-shot
/// CLOCK_MONOTONIC timerfd (<see cref="Source"/>, watched by the client's poll loop) fires when the
/// interval has passed, and the device then looks again at whether it still wants one (the driver
/// may have read and cleared the causes meanwhile). Frames keep arriving in the rings while an
/// interrupt waits, so a waking driver finds them in one batch.
/// </summary>
public sealed class InterruptThrottle : IDisposable
{
    private readonly FileDescriptor _timer = Timerfd.Create();
    private readonly Action _onElapsed;
    private readonly Func<ulong> _now;
    private ulong _lastRaised;
    private bool _raisedOnce, _armed;

    /// <param name="onElapsed">Runs when a deferred interrupt's interval has passed.</param>
    /// <param name="now">The monotonic clock in nanoseconds (CLOCK_MONOTONIC unless a test gives one).</param>
    public InterruptThrottle(Action onElapsed, Func<ulong>? now = null)
    {
        _onElapsed = onElapsed;
        _now = now ?? MonotonicNow;
        Source = new PollSource(_timer.Number, Fire);
    }

    /// <summary>The least time between two interrupts; 0 turns moderation off.</summary>
    public ulong IntervalNanoseconds { get; set; }

    public PollSource Source { get; }

    /// <summary>Interrupts that had to wait for the interval.</summary>
    public long Deferred { get; private set; }

    /// <summary>True if an interrupt may be raised now (and counts it as raised); otherwise arms
    /// the timer for the end of the interval and returns false.</summary>
    public bool TryRaise()
    {
        ulong now = _now();
        ulong since = now - _lastRaised;
        if (IntervalNanoseconds == 0 || !_raisedOnce || since >= IntervalNanoseconds)
        {
            _lastRaised = now;
            _raisedOnce = true;
            return true;
        }
        if (!_armed)
        {
            _armed = true;
            Deferred++;
            Timerfd.SetOneShot(_timer.Number, Timespec.FromNanoseconds(IntervalNanoseconds - since));
        }
        return false;
    }

    /// <summary>Forgets the last interrupt and any deferred one (device reset).</summary>
    public void Reset()
    {
        _raisedOnce = false;
        _armed = false;
        IntervalNanoseconds = 0;
        Timerfd.SetOneShot(_timer.Number, default);
    }

    public void Dispose() => _timer.Dispose();

    private static ulong MonotonicNow() => Timerfd.NowNanoseconds(Timerfd.CLOCK_MONOTONIC);

    private void Fire()
    {
        Span<byte> expirations = stackalloc byte[8];
        if (Libc.TryRead(_timer.Number, expirations) != expirations.Length) return;
        if (!_armed) return;
        _armed = false;
        _onElapsed();
    }
}
