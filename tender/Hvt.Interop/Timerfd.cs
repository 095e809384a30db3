using System.Runtime.InteropServices;

namespace Solo5Net.Interop;

[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct Timespec
{
    [FieldOffset(0)] public long Seconds;
    [FieldOffset(8)] public long Nanoseconds;

    public static Timespec FromNanoseconds(ulong ns) =>
        new() { Seconds = (long)(ns / 1_000_000_000UL), Nanoseconds = (long)(ns % 1_000_000_000UL) };
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct Itimerspec
{
    [FieldOffset(0)] public Timespec Interval;
    [FieldOffset(16)] public Timespec Value;
}

/// <summary>timerfd(2) and clock_gettime(2).</summary>
public static unsafe partial class Timerfd
{
    public const int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1;
    public const int TFD_NONBLOCK = 0x800, TFD_CLOEXEC = 0x80000;
    public const int TFD_TIMER_ABSTIME = 1;

    [LibraryImport(Libc.Library, EntryPoint = "timerfd_create", SetLastError = true)]
    internal static partial int timerfd_create_raw(int clockid, int flags);

    [LibraryImport(Libc.Library, EntryPoint = "timerfd_settime", SetLastError = true)]
    internal static partial int timerfd_settime_raw(int fd, int flags, Itimerspec* newValue, Itimerspec* oldValue);

    [LibraryImport(Libc.Library, EntryPoint = "clock_gettime", SetLastError = true)]
    internal static partial int clock_gettime_raw(int clockid, Timespec* tp);

    public static FileDescriptor Create(int clock = CLOCK_MONOTONIC, int flags = TFD_NONBLOCK)
    {
        int fd = timerfd_create_raw(clock, flags | TFD_CLOEXEC);
        if (fd < 0) throw Libc.Fail("timerfd_create");
        return new FileDescriptor(fd);
    }

    /// <summary>Arms a one-shot timer (relative unless <paramref name="flags"/> has TFD_TIMER_ABSTIME); zero disarms.</summary>
    public static void SetOneShot(int fd, Timespec value, int flags = 0)
    {
        var spec = new Itimerspec { Value = value };
        if (timerfd_settime_raw(fd, flags, &spec, null) < 0) throw Libc.Fail("timerfd_settime");
    }

    public static Timespec ClockGetTime(int clock)
    {
        Timespec ts;
        if (clock_gettime_raw(clock, &ts) < 0) throw Libc.Fail("clock_gettime");
        return ts;
    }

    public static ulong NowNanoseconds(int clock)
    {
        var ts = ClockGetTime(clock);
        return (ulong)ts.Seconds * 1_000_000_000UL + (ulong)ts.Nanoseconds;
    }
}
