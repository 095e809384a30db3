using FluentAssertions;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>hvt-devemu as an operator meets it: help, bad arguments, an occupied socket path.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("devemu-cli").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ProcessResult Run(params string[] args) => ProcessRunner.RunTool("hvt-devemu", args, TimeSpan.FromSeconds(30));

    [Fact]
    public void Help_lists_both_devices_and_their_options()
    {
        var root = Run("--help");
        root.ExitCode.Should().Be(0);
        root.Stdout.Should().Contain("edu").And.Contain("e1000").And.Contain("virtio-net");
        Run("e1000", "--help").Stdout.Should().Contain("--tap").And.Contain("--mac").And.Contain("--socket").And.Contain("--clients");
        Run("virtio-net", "--help").Stdout.Should().Contain("--tap").And.Contain("--mac").And.Contain("--mtu").And.Contain("--clients").And.Contain("--msix");
        Run("edu", "--help").Stdout.Should().Contain("--dma-mask-bits").And.Contain("--dma-latency-ms");
    }

    [Theory]
    [InlineData("edu")]
    [InlineData("edu", "--socket", "/tmp/x.sock", "--dma-mask-bits", "65")]
    [InlineData("edu", "--socket", "/tmp/x.sock", "--dma-latency-ms", "-1")]
    [InlineData("e1000", "--socket", "/tmp/x.sock")]
    [InlineData("virtio-net", "--socket", "/tmp/x.sock")]
    [InlineData("virtio-net", "--socket", "/tmp/x.sock", "--tap", "t0", "--mtu", "67")]
    [InlineData("virtio-net", "--socket", "/tmp/x.sock", "--tap", "t0", "--mtu", "x")]
    [InlineData("virtio-net", "--socket", "/tmp/x.sock", "--tap", "t0", "--fault-needs-reset-after", "-1")]
    [InlineData("virtio-net", "--socket", "/tmp/x.sock", "--tap", "t0", "--fault-needs-reset-after", "x")]
    [InlineData("virtio-net", "--socket", "/tmp/x.sock", "--tap", "t0", "--features", "version-1,indirect")]
    [InlineData("virtio-net", "--socket", "/tmp/x.sock", "--tap", "t0", "--msix", "2049")]
    [InlineData("virtio-net", "--socket", "/tmp/x.sock", "--tap", "t0", "--msix", "-1")]
    [InlineData("nic", "--socket", "/tmp/x.sock")]
    public void Bad_arguments_fail_without_a_stack_trace(params string[] args)
    {
        var result = Run(args);
        result.ExitCode.Should().Be(1);
        result.Output.Should().NotContain("   at ");
    }

    [Fact]
    public void E1000_requires_a_tap_as_the_operator_guide_says()
    {
        var result = Run("e1000", "--socket", Path.Combine(_directory, "s"));
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("Option '--tap' is required.");
        File.ReadAllText(Repo.PathOf("docs/operator-guide.md")).Should().Contain("hvt-devemu e1000 --socket PATH --tap IFACE");
    }

    [Fact]
    public void A_missing_tap_or_a_bad_mac_is_one_clear_line()
    {
        var tap = Run("e1000", "--socket", Path.Combine(_directory, "s"), "--tap", "no-such-tap0");
        tap.ExitCode.Should().Be(1);
        tap.Stderr.Trim().Should().StartWith("hvt-devemu: cannot attach to tap 'no-such-tap0'").And.NotContain("\n");
        var mac = Run("e1000", "--socket", Path.Combine(_directory, "s"), "--tap", "x", "--mac", "01:00:5e:00:00:01");
        mac.ExitCode.Should().Be(1);
        mac.Stderr.Trim().Should().Be("hvt-devemu: invalid --mac '01:00:5e:00:00:01': a multicast address cannot name a NIC");
    }

    [Theory]
    [InlineData("--clients 0", "hvt-devemu: --clients must be between 1 and 64")]
    [InlineData("--clients 65", "hvt-devemu: --clients must be between 1 and 64")]
    [InlineData("--clients x", "hvt-devemu: Cannot parse argument 'x' for option '--clients'")]
    [InlineData("--clients 1 --mac 02:00:00:00:00:01 --mac 02:00:00:00:00:02", "hvt-devemu: --mac is given 2 times but --clients is 1")]
    [InlineData("--clients 2 --mac 02:00:00:00:00:01 --mac 02:00:00:00:00:01", "hvt-devemu: instances 0 and 1 would share the MAC address 02:00:00:00:00:01")]
    public void A_bad_client_count_or_too_many_macs_is_one_line_naming_it(string options, string expected)
    {
        string socket = Path.Combine(_directory, "s");
        var result = Run(["e1000", "--socket", socket, "--tap", "no-such-tap0", .. options.Split(' ')]);
        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().StartWith(expected).And.NotContain("\n");
        result.Stdout.Should().BeEmpty();
        File.Exists(socket).Should().BeFalse();
    }

    [Fact]
    public void A_non_numeric_dma_mask_is_one_line_not_a_crash()
    {
        var result = Run("edu", "--socket", Path.Combine(_directory, "s"), "--dma-mask-bits", "many");
        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be("hvt-devemu: Cannot parse argument 'many' for option '--dma-mask-bits' as expected type 'System.Int32'.");
    }

    [Fact]
    public void An_existing_file_at_the_socket_path_is_left_alone()
    {
        string path = Path.Combine(_directory, "taken");
        File.WriteAllText(path, "keep me");
        var result = Run("edu", "--socket", path);
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain(path).And.Contain("already exists");
        File.ReadAllText(path).Should().Be("keep me");
    }

    [Fact]
    public void A_stale_socket_is_replaced()
    {
        string path = Path.Combine(_directory, "stale.sock");
        UnixSocket.Listen(path).Dispose();
        using var server = DevEmuServer.Start("edu", socketPath: path, verbose: true);
        using var client = Solo5Net.VfioUser.VfioUserClient.Connect(path);
        client.Negotiate();
        client.GetDeviceInfo().RegionCount.Should().Be(9);
    }

    [Fact]
    public void A_socket_another_server_listens_on_is_not_taken_over()
    {
        using var first = DevEmuServer.Start("edu", verbose: true);
        var second = Run("edu", "--socket", first.SocketPath);
        second.ExitCode.Should().Be(1);
        second.Stderr.Should().Contain("another server is listening");
        using var client = Solo5Net.VfioUser.VfioUserClient.Connect(first.SocketPath);
        client.Negotiate();
        client.GetDeviceInfo().RegionCount.Should().Be(9, "the first server still has its client slot");
    }
}
