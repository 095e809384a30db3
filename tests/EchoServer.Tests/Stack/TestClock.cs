using Solo5Net.EchoServer.Net;

namespace Solo5Net.Tests.EchoServer.Stack;

public sealed class TestClock : MonotonicClock
{
    public ulong Now = 1_000_000_000UL;

    /// <summary>How often the stack read the clock.</summary>
    public int Reads;

    public override ulong NowNanoseconds
    {
        get
        {
            Reads++;
            return Now;
        }
    }
}
