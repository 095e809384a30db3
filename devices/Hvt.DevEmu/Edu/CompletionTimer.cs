using Solo5Net.DevEmu.Pci;
using Solo5Net.Interop;

namespace Solo5Net.DevEmu.Edu;

/// <summary>
/// Finishes a device's background work a fixed time after it starts, as QEMU's edu finishes a DMA
/// 100 ms after the command (devices/Hvt.DevEmu/DEVICES.md): a one-shot CLOCK_MONOTONIC timerfd the
/// client's poll loop watches (<see cref="Source"/>); when it fires, the pending action runs.
/// </summary>
internal sealed class CompletionTimer : IDisposable
{
    private readonly FileDescriptor _timer = Timerfd.Create();
    private readonly ulong _delayNanoseconds;
    private Action? _pending;

    public CompletionTimer(ulong delayNanoseconds)
    {
        _delayNanoseconds = delayNanoseconds;
        Source = new PollSource(_timer.Number, Fire);
    }

    public PollSource Source { get; }

    /// <summary>Runs <paramref name="action"/> once the delay has passed (replacing any action not yet run).</summary>
    public void Schedule(Action action)
    {
        _pending = action;
        Timerfd.SetOneShot(_timer.Number, Timespec.FromNanoseconds(_delayNanoseconds));
    }

    /// <summary>Forgets the pending action and disarms the timer (device reset).</summary>
    public void Cancel()
    {
        _pending = null;
        Timerfd.SetOneShot(_timer.Number, default);
    }

    private void Fire()
    {
        Span<byte> expirations = stackalloc byte[8];
        if (Libc.TryRead(_timer.Number, expirations) != expirations.Length) return;
        var action = _pending;
        _pending = null;
        action?.Invoke();
    }

    public void Dispose() => _timer.Dispose();
}
