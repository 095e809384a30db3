using Solo5Net.Guest;

namespace Solo5Net.Drivers.Timing;

/// <summary>
/// A point on the monotonic clock that bounds a wait for a device. Drivers bound busy-bit polls
/// by time, never by a count of reads: how long a read takes depends on whether the BAR is mapped
/// or trapped and on the machine, while a device's own latency (a reset, a DMA) is a time.
/// </summary>
public readonly struct Deadline
{
    private readonly ulong _at;

    private Deadline(ulong at) => _at = at;

    /// <summary>The deadline <paramref name="nanoseconds"/> from now.</summary>
    public static Deadline After(ulong nanoseconds) => new(Solo5.ClockMonotonic() + nanoseconds);

    /// <summary>The monotonic time in nanoseconds, for Solo5.Yield.</summary>
    public ulong Nanoseconds => _at;

    public bool HasPassed => Solo5.ClockMonotonic() >= _at;
}
