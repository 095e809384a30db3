using Solo5Net.EchoServer.Net;
using Solo5Net.Guest;

namespace Solo5Net.EchoServer
{
    /// <summary>The stack's clock: Solo5's TSC-based monotonic clock.</summary>
    internal sealed class Solo5Clock : MonotonicClock
    {
        public override ulong NowNanoseconds => Solo5.ClockMonotonic();
    }
}
