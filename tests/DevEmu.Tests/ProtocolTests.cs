using FluentAssertions;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>Each vfio-user command against a real hvt-devemu process serving edu.</summary>
public sealed class ProtocolTests : IDisposable
{
    private readonly DevEmuServer _server = DevEmuServer.Start("edu", verbose: true);
    private readonly VfioUserClient _client;

    public ProtocolTests()
    {
        _client = VfioUserClient.Connect(_server.SocketPath);
        _client.Negotiate();
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public void Version_is_0_1_with_the_server_limits()
    {
        _client.ServerMinorVersion.Should().Be(1);
        _client.ServerCapabilities.MaxDataXferSize.Should().Be(1u << 20);
        _client.ServerCapabilities.MaxMsgFds.Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void Device_info_says_pci_with_reset()
    {
        var info = _client.GetDeviceInfo();
        info.Flags.Should().Be(DeviceFlags.Pci | DeviceFlags.ResetSupported);
        info.RegionCount.Should().Be(9);
        info.IrqCount.Should().Be(3, "INTx, MSI and MSI-X (docs/vfio-user.md)");
    }

    [Fact]
    public void Region_info_for_bar0_config_and_absent_regions()
    {
        var bar0 = _client.GetRegionInfo(0);
        bar0.Info.Size.Should().Be(1 << 20);
        bar0.Info.Flags.Should().Be(RegionFlags.Read | RegionFlags.Write);
        bar0.MmapFd.Should().BeNull();
        _client.GetRegionInfo(PciRegion.Config).Info.Size.Should().Be(256);
        _client.GetRegionInfo(1).Info.Size.Should().Be(0);
        _client.GetRegionInfo(PciRegion.Rom).Info.Flags.Should().Be(RegionFlags.None);
        Errno(() => _client.GetRegionInfo(9)).Should().Be(Solo5Net.Interop.Errno.EINVAL);
    }

    [Fact]
    public void Irq_info_for_intx_msi_and_msix()
    {
        _client.GetIrqInfo(IrqIndex.Intx).Should().Be(new IrqInfo(IrqInfoFlags.Eventfd | IrqInfoFlags.Maskable, 0, 1));
        _client.GetIrqInfo(IrqIndex.Msi).Count.Should().Be(1);
        _client.GetIrqInfo(IrqIndex.Msix).Count.Should().Be(0, "the real edu has no MSI-X (hvt-devemu edu --msix N adds it)");
        Errno(() => _client.GetIrqInfo(IrqIndex.Err)).Should().Be(Solo5Net.Interop.Errno.EINVAL);
        Errno(() => _client.SetIrqEventfds(IrqIndex.Msix, 0, [0])).Should().Be(Solo5Net.Interop.Errno.EINVAL);
    }

    [Fact]
    public void Config_space_ids_and_bar_sizing()
    {
        _client.RegionRead32(PciRegion.Config, 0).Should().Be(0x11e81234);
        _client.RegionWrite32(PciRegion.Config, 0x10, 0xFFFFFFFF);
        (_client.RegionRead32(PciRegion.Config, 0x10) & 0xFFFFFFF0).Should().Be(0xFFF00000, "a 1 MiB BAR");
        _client.RegionWrite32(PciRegion.Config, 0x10, 0xFEB00000);
        _client.RegionRead32(PciRegion.Config, 0x10).Should().Be(0xFEB00000);
        _client.RegionWrite32(PciRegion.Config, 0, 0);
        _client.RegionRead32(PciRegion.Config, 0).Should().Be(0x11e81234, "ids are read-only");
        _client.RegionWrite(PciRegion.Config, 4, [0x06, 0x00]);
        _client.RegionRead32(PciRegion.Config, 4).Should().Be(0x0010_0006, "memory + bus master; status shows the capability list");
    }

    [Fact]
    public void Region_accesses_outside_a_region_get_einval_and_the_server_keeps_serving()
    {
        Span<byte> four = stackalloc byte[4];
        Errno(() => _client.RegionRead(0, (1 << 20) - 2, new byte[4])).Should().Be(Solo5Net.Interop.Errno.EINVAL);
        Errno(() => _client.RegionWrite(PciRegion.Config, 255, [1, 2])).Should().Be(Solo5Net.Interop.Errno.EINVAL);
        Errno(() => _client.RegionRead(3, 0, new byte[4])).Should().Be(Solo5Net.Interop.Errno.EINVAL);
        Errno(() => _client.RegionRead(0, ulong.MaxValue - 1, new byte[4])).Should().Be(Solo5Net.Interop.Errno.EINVAL);
        _client.RegionRead32(0, 0).Should().Be(0x010000ed);
    }

    [Fact]
    public void Posted_writes_take_effect_in_order_before_a_later_read_is_answered()
    {
        for (uint value = 1; value <= 500; value++) _client.RegionWritePosted(0, 0x04, BitConverter.GetBytes(value));
        _client.RegionRead32(0, 0x04).Should().Be(~500u, "edu's liveness register holds the inverse of the last write");
        _client.RegionWritePosted(0, 0x08, BitConverter.GetBytes(5u));
        _client.RegionRead32(0, 0x08).Should().Be(120u, "the factorial of the posted 5");
    }

    /// <summary>The server does not answer a refused posted write (the client waits for no reply and
    /// would take one for a protocol error or a late answer), keeps the connection, and says so in
    /// its log and counters.</summary>
    [Fact]
    public void A_refused_posted_write_gets_no_reply_and_the_server_keeps_serving()
    {
        _client.RegionWritePosted(0, (1 << 20) - 2, [1, 2, 3, 4]);
        _client.RegionRead32(0, 0).Should().Be(0x010000ed);
        _client.RefusedPostedWrites.Should().Be(0, "no answer came for the refused write");
        _server.WaitForOutput("warning: RegionWrite failed (EINVAL) and asked for no reply").Should().BeTrue(_server.Describe());
        _client.Dispose();
        _server.WaitForClientToLeave().Should().BeTrue(_server.Describe());
        _server.Stderr.Should().Contain("error-replies=0 unanswered-errors=1 ").And.Contain("client 1 disconnected (end of stream)");
    }

    [Fact]
    public void Dma_map_rejects_overlaps_and_unmap_removes()
    {
        using var memory = new ClientMemory(0x10000);
        _client.DmaMap(memory.Fd, 0, 0x100000, 0x10000, DmaProtection.Read | DmaProtection.Write);
        Errno(() => _client.DmaMap(memory.Fd, 0, 0x108000, 0x1000, DmaProtection.Read)).Should().Be(Solo5Net.Interop.Errno.EEXIST);
        Errno(() => _client.DmaUnmap(0x104000, 0x1000)).Should().Be(Solo5Net.Interop.Errno.EINVAL, "it would split a mapping");
        _client.DmaUnmap(0x100000, 0x10000);
        _client.DmaMap(memory.Fd, 0, 0x108000, 0x1000, DmaProtection.Read);
    }

    [Fact]
    public void Dma_unmap_all_removes_every_mapping()
    {
        using var memory = new ClientMemory(0x4000);
        _client.DmaMap(memory.Fd, 0, 0x100000, 0x2000, DmaProtection.Read);
        _client.DmaMap(memory.Fd, 0x2000, 0x200000, 0x2000, DmaProtection.Write);
        using (_client.Request(Command.DmaUnmap, new DmaUnmapRequest(DmaUnmapFlags.UnmapAll, 0, 0).Encode())) { }
        _client.DmaMap(memory.Fd, 0, 0x100000, 0x4000, DmaProtection.Read | DmaProtection.Write);
    }

    [Fact]
    public void Dma_map_past_the_end_of_the_memory_file_is_refused()
    {
        using var memory = new ClientMemory(0x1000);
        Errno(() => _client.DmaMap(memory.Fd, 0, 0x100000, 0x2000, DmaProtection.Read)).Should().Be(Solo5Net.Interop.Errno.EINVAL);
        Errno(() => _client.DmaMap(memory.Fd, 0x1000, 0x100000, 0x1000, DmaProtection.Read)).Should().Be(Solo5Net.Interop.Errno.EINVAL);
        Errno(() => _client.DmaMap(memory.Fd, 0x123, 0x100000, 0x10, DmaProtection.Read)).Should().Be(Solo5Net.Interop.Errno.EINVAL);
        _client.DmaMap(memory.Fd, 0, 0x100000, 0x1000, DmaProtection.Read);
    }

    [Fact]
    public void Dma_map_without_a_descriptor_is_refused()
    {
        var reply = Try(() => _client.Request(Command.DmaMap, new DmaMapRequest(DmaProtection.Read, 0, 0, 0x1000).Encode()));
        reply.Should().Be(Solo5Net.Interop.Errno.EINVAL);
    }

    [Fact]
    public void Unsupported_commands_get_an_error_reply()
    {
        Try(() => _client.Request(Command.DeviceGetRegionIoFds, new byte[16])).Should().Be(Solo5Net.Interop.Errno.EOPNOTSUPP);
        Try(() => _client.Request((Command)99, [])).Should().Be(Solo5Net.Interop.Errno.EOPNOTSUPP);
        _client.GetDeviceInfo().RegionCount.Should().Be(9);
    }

    [Fact]
    public void Reset_restores_power_on_state()
    {
        _client.RegionWrite32(0, 0x04, 0x12345678);
        _client.RegionWrite32(PciRegion.Config, 0x10, 0xFEB00000);
        _client.Reset();
        _client.RegionRead32(0, 0x04).Should().Be(0);
        _client.RegionRead32(PciRegion.Config, 0x10).Should().Be(0);
    }

    [Fact]
    public void A_client_that_disconnects_gets_its_counters_reported_and_the_server_stays_until_a_signal()
    {
        _client.Dispose();
        _server.WaitForClientToLeave().Should().BeTrue(_server.Describe());
        _server.Stderr.Should().Contain("client 1 connected").And.Contain("client 1 counters:").And.Contain("client 1 disconnected (end of stream)");
        _server.HasExited.Should().BeFalse();
        File.Exists(_server.SocketPath).Should().BeTrue();
        _server.Stop().Should().Be(0);
        File.Exists(_server.SocketPath).Should().BeFalse();
    }

    [Fact]
    public void A_second_client_is_turned_away_while_the_first_is_served()
    {
        using var second = MessageChannel.Connect(_server.SocketPath);
        second.Receive(5000).Should().BeNull("the server closes a second connection without serving it");
        _client.GetDeviceInfo().RegionCount.Should().Be(9);
    }

    [Fact]
    public void Sigterm_stops_the_server_cleanly()
    {
        _server.Stop().Should().Be(0);
        File.Exists(_server.SocketPath).Should().BeFalse();
        _server.Stderr.Should().Contain("stopped by signal");
    }

    private static int Errno(Action action)
    {
        try
        {
            action();
        }
        catch (VfioUserException e)
        {
            return e.Errno;
        }
        throw new Xunit.Sdk.XunitException("expected an error reply");
    }

    private static int Try(Func<IDisposable> request) => Errno(() => request().Dispose());
}
