namespace Solo5Net.EchoServer.Net;

/// <summary>The monotonic clock the stack's timers run on (nanoseconds, arbitrary origin).</summary>
public abstract class MonotonicClock
{
    public abstract ulong NowNanoseconds { get; }
}
