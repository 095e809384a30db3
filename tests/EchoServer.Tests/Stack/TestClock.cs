using Solo5Net.EchoServer.Net;

namespace Solo5Net.Tests.EchoServer.Stack;

public sealed class TestClock : MonotonicClock
{
    public ulong Now = 1_000_000_000UL;

    public override ulong NowNanoseconds => Now;
}
