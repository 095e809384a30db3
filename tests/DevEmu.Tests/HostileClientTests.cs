using System.IO.Pipes;
using FluentAssertions;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// A hostile client against a real hvt-devemu (edu, no KVM or root), one attack per test
/// (docs/security.md, "Hostile vfio-user peers"): memory it could shrink under the server, a pipe
/// passed as an interrupt "eventfd", an eventfd made blocking and filled to its maximum. Each one
/// gets an error reply or nothing at all, the server answers the next request, holds nothing of the
/// client once it has left, serves the next client and exits 0 on SIGTERM.
/// </summary>
public sealed class HostileClientTests : IDisposable
{
    private const ulong Iova = 0x1_0000_0000;
    private readonly DevEmuServer _server = DevEmuServer.Start("edu", ["--dma-mask-bits", "64"], verbose: true);

    public void Dispose() => _server.Dispose();

    private VfioUserClient Connect()
    {
        var client = VfioUserClient.Connect(_server.SocketPath);
        client.Negotiate();
        client.RegionWrite(PciRegion.Config, 4, [0x06, 0x00]);   // memory space and bus master
        return client;
    }

    private static int ErrnoOf(Action request)
    {
        try { request(); }
        catch (VfioUserException e) { return e.Errno; }
        return 0;
    }

    /// <summary>The server still serves: this client (if given), and a new one after it.</summary>
    private void ShouldStillServe(VfioUserClient? client, int clientNumber)
    {
        client?.RegionRead32(0, 0x00).Should().Be(0x010000ed, "the server answers this client's next request");
        client?.Dispose();
        _server.WaitForClientToLeave(clientNumber, TimeSpan.FromSeconds(30)).Should().BeTrue(_server.Describe());
        int afterHostile = ProcFs.DescriptorCount(_server.Pid);
        using (var next = Connect())
        using (var memory = new ClientMemory(0x1000))
        {
            next.DmaMap(memory.Fd, 0, Iova, memory.Size, DmaProtection.Read | DmaProtection.Write);
            next.RegionRead32(0, 0x00).Should().Be(0x010000ed, "the next client is served");
        }
        _server.WaitForClientToLeave(clientNumber + 1, TimeSpan.FromSeconds(30)).Should().BeTrue(_server.Describe());
        ProcFs.DescriptorCount(_server.Pid).Should().Be(afterHostile, "the hostile client left nothing behind that a well-behaved one does not");
        _server.Stop().Should().Be(0, _server.Describe());
    }

    [Fact]
    public void Memory_not_sealed_against_shrinking_is_refused_so_shrinking_it_cannot_crash_the_server()
    {
        var client = Connect();
        using var memory = new ClientMemory(0x4000, @sealed: false);
        ErrnoOf(() => client.DmaMap(memory.Fd, 0, Iova, memory.Size, DmaProtection.Read | DmaProtection.Write))
            .Should().Be(Errno.EPERM, "the server cannot trust a mapping the client can truncate");
        _server.WaitForOutput("DMA_MAP refused: the client's memory is not sealed against shrinking").Should().BeTrue(_server.Describe());

        // The attack the seal check stops: shrink the memory, then make the device DMA into it.
        Libc.Ftruncate(memory.Fd, 0);
        RunDma(client, source: 0x40000, destination: Iova + 0x1000, count: 16);
        ShouldStillServe(client, 1);
    }

    [Fact]
    public void Sealed_memory_cannot_be_shrunk_under_the_server()
    {
        var client = Connect();
        using var memory = new ClientMemory(0x4000);
        client.DmaMap(memory.Fd, 0, Iova, memory.Size, DmaProtection.Read | DmaProtection.Write);
        var shrink = () => Libc.Ftruncate(memory.Fd, 0);
        shrink.Should().Throw<SystemCallException>().Which.ErrorNumber.Should().Be(Errno.EPERM);
        RunDma(client, source: 0x40000, destination: Iova + 0x1000, count: 16);
        ShouldStillServe(client, 1);
    }

    [Fact]
    public void A_pipe_passed_as_an_interrupt_eventfd_is_refused()
    {
        var client = Connect();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        int writeEnd = (int)pipe.SafePipeHandle.DangerousGetHandle();
        FillPipe(writeEnd);
        ErrnoOf(() => client.SetIrqEventfds(IrqIndex.Intx, 0, [writeEnd])).Should().Be(Errno.EINVAL);
        _server.WaitForOutput("SET_IRQS refused: the descriptor for interrupt index 0 is not an eventfd").Should().BeTrue(_server.Describe());
        client.RegionWrite32(0, 0x60, 1);   // raise: nothing to signal
        ShouldStillServe(client, 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_interrupt_eventfd_made_blocking_and_filled_to_its_maximum_cannot_hang_the_server(bool flipAfterSetIrqs)
    {
        var client = Connect();
        // Non-blocking when passed; the client then clears O_NONBLOCK on the description it shares
        // with the server (or passes it blocking in the first place).
        using var interrupt = Eventfd.Create(0, flipAfterSetIrqs ? Eventfd.EFD_NONBLOCK : 0);
        client.SetIrqEventfds(IrqIndex.Intx, 0, [interrupt.Number]);
        int flags = Libc.Fcntl(interrupt.Number, Libc.F_GETFL);
        Libc.Fcntl(interrupt.Number, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK);
        Eventfd.Signal(interrupt.Number, Eventfd.Capacity);
        client.RegionWrite32(0, 0x60, 1);    // raise: a blocking write of 1 would wait for good
        client.RegionWrite32(0, 0x64, 1);    // acknowledge
        client.RegionWrite32(0, 0x60, 2);    // and raise again
        ShouldStillServe(client, 1);
    }

    private static void RunDma(VfioUserClient client, ulong source, ulong destination, ulong count)
    {
        client.RegionWrite64(0, 0x80, source);
        client.RegionWrite64(0, 0x88, destination);
        client.RegionWrite64(0, 0x90, count);
        client.RegionWrite64(0, 0x98, 0x3);   // start, device buffer to memory
    }

    private static void FillPipe(int fd)
    {
        int flags = Libc.Fcntl(fd, Libc.F_GETFL);
        Libc.Fcntl(fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK);
        var chunk = new byte[4096];
        while (Libc.TryWrite(fd, chunk) > 0) { }
        Libc.Fcntl(fd, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK);
    }
}
