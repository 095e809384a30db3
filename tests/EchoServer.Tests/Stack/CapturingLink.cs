using Solo5Net.EchoServer.Net;
using Solo5Net.EchoServer.Net.Link;

namespace Solo5Net.Tests.EchoServer.Stack;

/// <summary>A link that records every frame the stack sends.</summary>
public sealed class CapturingLink(MacAddress address) : NetworkLink
{
    public List<byte[]> Sent { get; } = [];

    public override MacAddress Address => address;

    public override int Mtu => 1500;

    public override bool Transmit(ReadOnlySpan<byte> frame)
    {
        Sent.Add(frame.ToArray());
        return true;
    }

    public byte[] Single()
    {
        Sent.Should().HaveCount(1);
        var f = Sent[0];
        Sent.Clear();
        return f;
    }
}
