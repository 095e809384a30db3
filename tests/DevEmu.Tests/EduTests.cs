using FluentAssertions;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>The edu device driven over vfio-user exactly as a guest driver would through the tender.</summary>
public sealed class EduTests : IDisposable
{
    private const ulong Iova = 0x0100_0000;
    private readonly DevEmuServer _server;
    private readonly VfioUserClient _client;

    public EduTests() : this([]) { }

    private EduTests(string[] args)
    {
        _server = DevEmuServer.Start("edu", args, verbose: true);
        try
        {
            _client = VfioUserClient.Connect(_server.SocketPath);
            _client.Negotiate();
            _client.RegionWrite32(PciRegion.Config, 0x10, 0xFEB00000);
            _client.RegionWrite(PciRegion.Config, 4, [0x06, 0x00]);
        }
        catch
        {
            _server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public void Identification_and_liveness()
    {
        _client.RegionRead32(0, 0x00).Should().Be(0x010000ed);
        _client.RegionWrite32(0, 0x04, 0x12345678);
        _client.RegionRead32(0, 0x04).Should().Be(~0x12345678u);
    }

    [Fact]
    public void Config_space_identifies_edu_as_qemu_does()
    {
        _client.RegionRead32(PciRegion.Config, 0x00).Should().Be(0x11e81234, "device:vendor");
        _client.RegionRead32(PciRegion.Config, 0x08).Should().Be(0x00ff0010, "class 0x00 (unclassified), subclass 0xff, revision 0x10");
    }

    [Fact]
    public void Factorial_completes_with_busy_bit_clear()
    {
        _client.RegionWrite32(0, 0x08, 10);
        (_client.RegionRead32(0, 0x20) & 1).Should().Be(0);
        _client.RegionRead32(0, 0x08).Should().Be(3628800);
        _client.RegionWrite32(0, 0x08, 13);
        _client.RegionRead32(0, 0x08).Should().Be(unchecked((uint)6227020800L), "32-bit arithmetic wraps");
    }

    [Theory]
    [InlineData(33u)]
    [InlineData(34u)]
    [InlineData(35u)]
    [InlineData(uint.MaxValue)]
    public void Factorial_of_any_32_bit_value_is_the_32_bit_product_and_answers_at_once(uint n)
    {
        uint expected = 1;
        for (uint i = Math.Min(n, 40u); i > 1; i--) expected = unchecked(expected * i);   // 0 from 34 on

        _client.RegionWrite32(0, 0x08, n);   // a client's 0xffffffff must not keep the server busy

        _client.RegionRead32(0, 0x08).Should().Be(expected);
        (_client.RegionRead32(0, 0x20) & 1).Should().Be(0);
    }

    [Fact]
    public void Narrow_accesses_to_low_registers_are_ignored()
    {
        var two = new byte[2];
        _client.RegionRead(0, 0x00, two);
        two.Should().Equal(0xFF, 0xFF);
        _client.RegionWrite(0, 0x04, [1, 2]);
        _client.RegionRead32(0, 0x04).Should().Be(0);
    }

    [Fact]
    public void Interrupt_raise_and_acknowledge_on_the_intx_eventfd()
    {
        using var interrupt = Eventfd.Create();
        int eventfd = interrupt.Number;
        _client.SetIrqEventfds(IrqIndex.Intx, 0, [eventfd]);
        _client.RegionWrite32(0, 0x60, 0x5);
        UnixSocket.WaitReadable(eventfd, 5000).Should().BeTrue();
        Eventfd.Drain(eventfd).Should().Be(1);
        _client.RegionRead32(0, 0x24).Should().Be(0x5);
        (_client.RegionRead32(PciRegion.Config, 4) >> 16 & 0x8).Should().Be(0x8, "status shows the interrupt");
        _client.RegionWrite32(0, 0x64, 0x5);
        _client.RegionRead32(0, 0x24).Should().Be(0);
        _client.RegionWrite32(0, 0x60, 0x1);
        UnixSocket.WaitReadable(eventfd, 5000).Should().BeTrue("a new interrupt after the acknowledge");
        Eventfd.Drain(eventfd);
        _client.RegionWrite32(0, 0x64, 0x1);
        _client.SetIrqEventfds(IrqIndex.Intx, 0, []);
        _client.RegionWrite32(0, 0x60, 0x1);
        _client.RegionRead32(0, 0x24).Should().Be(0x1);
        Eventfd.Drain(eventfd).Should().Be(0, "the interrupt was disconnected");
    }

    [Fact]
    public void Masked_intx_fires_on_unmask_while_still_raised_and_software_trigger_loops_back()
    {
        using var interrupt = Eventfd.Create();
        int eventfd = interrupt.Number;
        _client.SetIrqEventfds(IrqIndex.Intx, 0, [eventfd]);
        _client.SetIrqs(new SetIrqsRequest(IrqSetFlags.DataNone | IrqSetFlags.ActionMask, IrqIndex.Intx, 0, 1));
        _client.RegionWrite32(0, 0x60, 0x2);
        Eventfd.Drain(eventfd).Should().Be(0, "masked");
        _client.SetIrqs(new SetIrqsRequest(IrqSetFlags.DataNone | IrqSetFlags.ActionUnmask, IrqIndex.Intx, 0, 1));
        Eventfd.Drain(eventfd).Should().Be(1, "the line is still raised");
        _client.SetIrqs(new SetIrqsRequest(IrqSetFlags.DataBool | IrqSetFlags.ActionTrigger, IrqIndex.Intx, 0, 1, [1]));
        Eventfd.Drain(eventfd).Should().Be(1);
        _client.SetIrqs(new SetIrqsRequest(IrqSetFlags.DataNone | IrqSetFlags.ActionTrigger, IrqIndex.Intx, 0, 1));
        Eventfd.Drain(eventfd).Should().Be(1);
        FluentActions.Invoking(() => _client.SetIrqEventfds(IrqIndex.Intx, 1, [eventfd])).Should().Throw<VfioUserException>()
            .Which.Errno.Should().Be(Errno.EINVAL, "INTx has one vector");
        FluentActions.Invoking(() => _client.SetIrqs(new SetIrqsRequest(IrqSetFlags.DataEventfd | IrqSetFlags.ActionTrigger, IrqIndex.Msi, 0, 1)))
            .Should().Throw<VfioUserException>().Which.Errno.Should().Be(Errno.EINVAL, "an eventfd request must carry the eventfd");
    }

    [Fact]
    public void Factorial_interrupt_on_msi_when_msi_is_enabled()
    {
        using var intxFd = Eventfd.Create();
        int intx = intxFd.Number;
        using var msiFd = Eventfd.Create();
        int msi = msiFd.Number;
        _client.SetIrqEventfds(IrqIndex.Intx, 0, [intx]);
        _client.SetIrqEventfds(IrqIndex.Msi, 0, [msi]);
        (_client.RegionRead32(PciRegion.Config, 0x34) & 0xFF).Should().Be(0x40);
        _client.RegionRead32(PciRegion.Config, 0x40).Should().Be(0x0080_0005, "MSI capability, 64-bit, disabled");
        _client.RegionWrite(PciRegion.Config, 0x42, [0x01, 0x00]);
        _client.RegionWrite32(0, 0x20, 0x80);
        _client.RegionWrite32(0, 0x08, 5);
        UnixSocket.WaitReadable(msi, 5000).Should().BeTrue();
        Eventfd.Drain(msi).Should().Be(1);
        Eventfd.Drain(intx).Should().Be(0);
        _client.RegionRead32(0, 0x24).Should().Be(0x1);
        _client.RegionRead32(0, 0x08).Should().Be(120);
    }

    [Fact]
    public void Dma_both_ways_through_the_device_buffer_with_an_interrupt()
    {
        using var memory = new ClientMemory(0x4000);
        var pattern = Enumerable.Range(0, 2048).Select(i => (byte)(i * 7 + 3)).ToArray();
        memory.Write(0x100, pattern);
        _client.DmaMap(memory.Fd, 0, Iova, memory.Size, DmaProtection.Read | DmaProtection.Write);
        using var interrupt = Eventfd.Create();
        int eventfd = interrupt.Number;
        _client.SetIrqEventfds(IrqIndex.Intx, 0, [eventfd]);
        RunDma(source: Iova + 0x100, destination: 0x40000, count: 2048, command: 0x1);
        RunDma(source: 0x40000, destination: Iova + 0x2000, count: 2048, command: 0x1 | 0x2 | 0x4);
        UnixSocket.WaitReadable(eventfd, 5000).Should().BeTrue();
        _client.RegionRead32(0, 0x24).Should().Be(0x100);
        _client.RegionRead64(0, 0x98).Should().Be(0x6, "start bit cleared when done");
        memory.Read(0x2000, 2048).Should().Equal(pattern);
        memory.Read(0x2000 + 2048, 16).Should().OnlyContain(b => b == 0, "nothing beyond the count");
    }

    [Fact]
    public void Dma_addresses_are_masked_to_28_bits_by_default()
    {
        using var memory = new ClientMemory(0x1000);
        memory.Write(0, [9, 8, 7, 6]);
        _client.DmaMap(memory.Fd, 0, Iova, memory.Size, DmaProtection.Read | DmaProtection.Write);
        RunDma(source: 0xF_0000_0000 | Iova, destination: 0x40000, count: 4, command: 0x1);
        RunDma(source: 0x40000, destination: Iova + 0x10, count: 4, command: 0x3);
        memory.Read(0x10, 4).Should().Equal(9, 8, 7, 6);
    }

    [Fact]
    public void Dma_outside_mapped_memory_or_the_buffer_touches_nothing()
    {
        using var memory = new ClientMemory(0x1000);
        _client.DmaMap(memory.Fd, 0, Iova, memory.Size, DmaProtection.Read);
        RunDma(source: 0x40000, destination: Iova, count: 16, command: 0x3);              // mapped read-only
        RunDma(source: Iova + 0xFF0, destination: 0x40000, count: 0x20, command: 0x1);    // runs past the mapping
        RunDma(source: Iova, destination: 0x40F00, count: 0x200, command: 0x1);           // past the device buffer
        memory.Read(0, 16).Should().OnlyContain(b => b == 0);
        _client.RegionRead32(0, 0).Should().Be(0x010000ed, "the server is still serving");
        _client.Dispose();
        _server.WaitForClientToLeave().Should().BeTrue();
        _server.Stderr.Should().Contain("dma-faults=2").And.Contain("edu-dma-errors=3");
    }

    [Fact]
    public void Wider_dma_mask_reaches_iovas_above_4_GiB()
    {
        using var wide = new EduTests(["--dma-mask-bits", "64"]);
        using var memory = new ClientMemory(0x1000);
        memory.Write(0, [1, 2, 3, 4]);
        wide._client.DmaMap(memory.Fd, 0, 0x1_0000_0000, memory.Size, DmaProtection.Read | DmaProtection.Write);
        wide.RunDma(source: 0x1_0000_0000, destination: 0x40000, count: 4, command: 0x1);
        wide.RunDma(source: 0x40000, destination: 0x1_0000_0100, count: 4, command: 0x3);
        memory.Read(0x100, 4).Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public void With_a_dma_latency_the_start_bit_stays_set_until_the_transfer_lands_with_its_interrupt()
    {
        using var slow = new EduTests(["--dma-latency-ms", "300"]);
        using var memory = new ClientMemory(0x1000);
        memory.Write(0, [5, 6, 7, 8]);
        slow._client.DmaMap(memory.Fd, 0, Iova, memory.Size, DmaProtection.Read | DmaProtection.Write);
        using var interrupt = Eventfd.Create();
        slow._client.SetIrqEventfds(IrqIndex.Intx, 0, [interrupt.Number]);

        slow.RunDma(source: Iova, destination: 0x40000, count: 4, command: 0x1 | 0x4);
        (slow._client.RegionRead64(0, 0x98) & 1).Should().Be(1, "the transfer has not finished yet");
        slow._client.RegionWrite64(0, 0x80, Iova + 0x800);
        slow._client.RegionRead64(0, 0x80).Should().Be(Iova, "the source register ignores writes while a transfer runs");
        UnixSocket.WaitReadable(interrupt.Number, 5000).Should().BeTrue("the DMA interrupt comes when the transfer lands");
        (slow._client.RegionRead64(0, 0x98) & 1).Should().Be(0);
        slow._client.RegionRead32(0, 0x24).Should().Be(0x100);

        Eventfd.Drain(interrupt.Number);
        slow._client.RegionWrite32(0, 0x64, 0x100);
        slow.RunDma(source: 0x40000, destination: Iova + 0x10, count: 4, command: 0x3 | 0x4);
        memory.Read(0x10, 4).Should().Equal([0, 0, 0, 0], "nothing lands before the latency has passed");
        UnixSocket.WaitReadable(interrupt.Number, 5000).Should().BeTrue();
        memory.Read(0x10, 4).Should().Equal(5, 6, 7, 8);
    }

    private void RunDma(ulong source, ulong destination, ulong count, ulong command)
    {
        _client.RegionWrite64(0, 0x80, source);
        _client.RegionWrite64(0, 0x88, destination);
        _client.RegionWrite64(0, 0x90, count);
        _client.RegionWrite64(0, 0x98, command);
    }
}
