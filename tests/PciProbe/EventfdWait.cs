using Solo5Net.Interop;

namespace Solo5Net.PciProbe;

/// <summary>Bounded waits for an eventfd to become readable (without consuming it).</summary>
internal static class EventfdWait
{
    /// <summary>True if <paramref name="eventfd"/> is (or becomes) readable within <paramref name="timeout"/>.</summary>
    public static bool Signalled(int eventfd, TimeSpan timeout)
    {
        using var epoll = Epoll.Create();
        Epoll.Add(epoll.Number, eventfd, Epoll.EPOLLIN, 0);
        Span<EpollEvent> events = stackalloc EpollEvent[1];
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (Epoll.Wait(epoll.Number, events, Math.Max(0, (int)Math.Ceiling(left.TotalMilliseconds))) > 0) return true;
            if (left <= TimeSpan.Zero) return false;
        }
    }
}
