using FluentAssertions;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// One hvt-devemu serving clients one after another and several at once (edu, no KVM or root):
/// every client finds a device at power-on state, and what a client held in the server — its DMA
/// mappings, its interrupt eventfds, its socket — is gone once it left, however it left.
/// </summary>
public sealed class ClientLifecycleTests
{
    private const ulong Iova = 0x1_0000_0000;
    private const string MemoryName = "devemu-test-dma";

    /// <summary>Connects, checks the device is fresh, leaves state, a DMA mapping and an interrupt
    /// eventfd behind in the server, and (by disposal) disconnects.</summary>
    private static void UseTheDevice(DevEmuServer server, int client)
    {
        using var memory = new ClientMemory(0x10000);
        using var interrupt = Eventfd.Create();
        using var vfio = VfioUserClient.Connect(server.SocketPath);
        vfio.Negotiate();
        vfio.RegionRead32(0, 0x04).Should().Be(0, $"client {client} finds the liveness register at its power-on value");
        vfio.RegionRead32(0, 0x08).Should().Be(0, $"client {client} finds no factorial of an earlier client");
        vfio.RegionWrite32(0, 0x04, 0x12345678);
        vfio.RegionWrite32(0, 0x08, 5);
        vfio.RegionRead32(0, 0x08).Should().Be(120);
        vfio.DmaMap(memory.Fd, 0, Iova, memory.Size, DmaProtection.Read | DmaProtection.Write);
        vfio.SetIrqEventfds(IrqIndex.Intx, 0, [interrupt.Number]);
        vfio.RegionWrite32(0, 0x60, 1);
        UnixSocket.WaitReadable(interrupt.Number, 5000).Should().BeTrue($"client {client}'s own eventfd is signalled");
        File.ReadAllText($"/proc/{server.Pid}/maps").Should().Contain(MemoryName, "the server maps the client's DMA memory");
    }

    private static void ShouldHoldNothingOfItsClients(DevEmuServer server)
    {
        File.ReadAllText($"/proc/{server.Pid}/maps").Should().NotContain(MemoryName, "every DMA mapping of a client that left is gone");
        var targets = Directory.GetFileSystemEntries($"/proc/{server.Pid}/fd").Select(f => new FileInfo(f).LinkTarget ?? "").ToList();
        targets.Should().NotContain(t => t.Contains(MemoryName));
    }

    [Fact]
    public void Five_clients_one_after_another_each_find_a_fresh_device_and_leave_no_descriptor_or_mapping_behind()
    {
        using var server = DevEmuServer.Start("edu", ["--dma-mask-bits", "64"], verbose: true);
        var descriptors = new List<int>();
        for (int client = 1; client <= 5; client++)
        {
            UseTheDevice(server, client);
            server.WaitForClientToLeave(client).Should().BeTrue(server.Describe());
            ShouldHoldNothingOfItsClients(server);
            descriptors.Add(ProcFs.DescriptorCount(server.Pid));
        }
        descriptors.Distinct().Should().ContainSingle($"the server holds the same descriptors after each client ({string.Join(", ", descriptors)})");
        server.Stderr.Should().Contain("client 5 counters:").And.Contain("client 5 disconnected (end of stream)");
        server.Stop().Should().Be(0);
    }

    [Fact]
    public void A_client_that_dies_half_way_through_a_message_is_released_and_the_next_is_served()
    {
        using var server = DevEmuServer.Start("edu", ["--dma-mask-bits", "64"], verbose: true);
        UseTheDevice(server, 1);
        server.WaitForClientToLeave(1).Should().BeTrue();
        int before = ProcFs.DescriptorCount(server.Pid);
        using (var memory = new ClientMemory(0x10000))
        using (var dying = MessageChannel.Connect(server.SocketPath))
        {
            dying.SendCommand(0, Command.Version, new VersionPayload(0, 1, Capabilities.Defaults).Encode());
            dying.Receive(5000).Should().NotBeNull();
            var map = new DmaMapRequest(DmaProtection.Read | DmaProtection.Write, 0, Iova, memory.Size).Encode();
            dying.SendCommand(1, Command.DmaMap, map, [memory.Fd]);
            dying.Receive(5000)!.Header.IsError.Should().BeFalse();
            UnixSocket.Send(dying.Fd, new byte[7]);   // the first bytes of a header, then the process "dies"
        }
        server.WaitForClientToLeave(2, TimeSpan.FromSeconds(20)).Should().BeTrue(server.Describe());
        ShouldHoldNothingOfItsClients(server);
        UseTheDevice(server, 3);
        server.WaitForClientToLeave(3).Should().BeTrue();
        ProcFs.DescriptorCount(server.Pid).Should().Be(before);
        server.HasExited.Should().BeFalse();
    }

    [Fact]
    public void With_two_slots_two_clients_each_get_a_device_of_their_own_and_a_third_is_turned_away()
    {
        using var server = DevEmuServer.Start("edu", ["--clients", "2", "--dma-mask-bits", "64"], verbose: true);
        server.Stderr.Should().Contain("(up to 2 clients at once)");
        using var a = VfioUserClient.Connect(server.SocketPath);
        a.Negotiate();
        using var b = VfioUserClient.Connect(server.SocketPath);
        b.Negotiate();
        a.RegionWrite32(0, 0x08, 4);
        b.RegionWrite32(0, 0x08, 5);
        a.RegionRead32(0, 0x08).Should().Be(24);
        b.RegionRead32(0, 0x08).Should().Be(120);
        a.RegionWrite32(0, 0x04, 1);
        b.RegionRead32(0, 0x04).Should().Be(0, "b's device is not a's");

        using (var third = MessageChannel.Connect(server.SocketPath))
            third.Receive(10000).Should().BeNull("every slot is taken, so the server closes the connection");
        server.Stderr.Should().NotContain("client 3 connected");

        a.Dispose();
        server.WaitForClientToLeave(1).Should().BeTrue();
        b.RegionRead32(0, 0x08).Should().Be(120, "b is served on while a leaves");
        using var next = VfioUserClient.Connect(server.SocketPath);
        next.Negotiate();
        next.RegionRead32(0, 0x08).Should().Be(0, "the freed slot gets a fresh device");
        server.WaitForOutput("client 3 connected (instance 0)").Should().BeTrue(server.Describe());
    }
}
