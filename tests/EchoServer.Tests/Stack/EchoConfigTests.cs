using System.Text;
using Solo5Net.EchoServer.Net.Config;

namespace Solo5Net.Tests.EchoServer.Stack;

public class EchoConfigTests
{
    private static EchoConfigError Parse(string commandLine, out EchoConfig config) =>
        EchoConfig.TryParse(Encoding.ASCII.GetBytes(commandLine), out config);

    [Fact]
    public void Address_prefix_gateway_and_link_are_read()
    {
        Parse("--ipv4=10.0.0.2/24 --ipv4-gateway=10.0.0.1 --link=net", out var c).Should().Be(EchoConfigError.None);
        c.Ipv4.Address.Should().Be(0x0A000002);
        c.Ipv4.PrefixLength.Should().Be(24);
        c.Ipv4.Netmask.Should().Be(0xFFFFFF00);
        c.Ipv4.Gateway.Should().Be(0x0A000001);
        c.Link.Should().Be(LinkKind.NetBasic);
    }

    [Fact]
    public void A_peer_to_ping_is_read()
    {
        Parse("--ipv4=10.0.0.2/24 --ping=10.0.0.3", out var c).Should().Be(EchoConfigError.None);
        c.Ping.Should().Be(0x0A000003);
        Parse("--ipv4=10.0.0.2/24", out c).Should().Be(EchoConfigError.None);
        c.Ping.Should().Be(0, "no peer unless asked");
    }

    [Fact]
    public void Defaults_are_automatic_link_and_no_gateway()
    {
        Parse("  --ipv4=192.168.7.9/32 ", out var c).Should().Be(EchoConfigError.None);
        c.Link.Should().Be(LinkKind.Auto);
        c.Ipv4.Gateway.Should().Be(0);
    }

    [Theory]
    [InlineData("", EchoConfigError.MissingIpv4)]
    [InlineData("--ipv4=10.0.0.2", EchoConfigError.BadIpv4)]
    [InlineData("--ipv4=10.0.0.256/24", EchoConfigError.BadIpv4)]
    [InlineData("--ipv4=10.0.0.2/33", EchoConfigError.BadIpv4)]
    [InlineData("--ipv4=10.0.2/24", EchoConfigError.BadIpv4)]
    [InlineData("--ipv4=10.0.0.2/24 --ipv4-gateway=10.0.1.1", EchoConfigError.BadGateway)]
    [InlineData("--ipv4=10.0.0.2/24 --ipv4-gateway=banana", EchoConfigError.BadGateway)]
    [InlineData("--ipv4=10.0.0.2/24 --link=usb", EchoConfigError.BadLink)]
    [InlineData("--ipv4=10.0.0.2/24 --port=8", EchoConfigError.UnknownOption)]
    [InlineData("--ipv4=10.0.0.2/24 --fault-drop-every=1", EchoConfigError.BadDropEvery)]
    [InlineData("--ipv4=10.0.0.2/24 --fault-drop-every=x", EchoConfigError.BadDropEvery)]
    [InlineData("--ipv4=10.0.0.2/24 --ping=10.0.0", EchoConfigError.BadPing)]
    [InlineData("--ipv4=10.0.0.2/24 --ping=0.0.0.0", EchoConfigError.BadPing)]
    [InlineData("--ipv4=10.0.0.2/24 --ping=10.0.0.2", EchoConfigError.BadPing)]
    public void Bad_command_lines_name_the_culprit(string commandLine, EchoConfigError expected) =>
        Parse(commandLine, out _).Should().Be(expected);
}

public class LossyLinkTests
{
    [Fact]
    public void Every_nth_frame_is_lost_and_the_rest_pass()
    {
        var inner = new CapturingLink(Frames.StackMac);
        var lossy = new Solo5Net.EchoServer.Net.Link.LossyLink(inner, 3);
        for (byte i = 0; i < 9; i++) lossy.Transmit([i]).Should().BeTrue();
        inner.Sent.Select(f => f[0]).Should().Equal(0, 1, 3, 4, 6, 7);
        lossy.Dropped.Should().Be(3);
    }
}

public class EchoConfigCulpritTests
{
    [Fact]
    public void The_failing_argument_is_located_for_the_error_message()
    {
        var line = System.Text.Encoding.ASCII.GetBytes("--ipv4=10.0.0.2/24  --link=usb --x");
        EchoConfig.TryParse(line, out var c).Should().Be(EchoConfigError.BadLink);
        System.Text.Encoding.ASCII.GetString(line, c.ErrorStart, c.ErrorLength).Should().Be("--link=usb");
    }
}
