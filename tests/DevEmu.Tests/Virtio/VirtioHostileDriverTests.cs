using FluentAssertions;
using Solo5Net.DevEmu.Virtio;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Virtio;

/// <summary>
/// A buggy or hostile driver against the model (docs/virtio-net.md §6): each mistake sets
/// DEVICE_NEEDS_RESET with a configuration interrupt, the device then does nothing more, and a reset
/// brings it back. Nothing throws and nothing outside the DMA window is touched.
/// </summary>
public sealed class VirtioHostileDriverTests : IDisposable
{
    private const int Rx = VirtioNetDevice.ReceiveQueue, Tx = VirtioNetDevice.TransmitQueue;
    private static readonly byte[] Frame = TestFrames.Udp([0x02, 0, 0, 0, 0, 1], [0x02, 0, 0, 0, 0, 2], [1, 2, 3]);

    private readonly VirtioTestDriver _driver = new();

    public VirtioHostileDriverTests() => _driver.Start();

    public void Dispose() => _driver.Dispose();

    private void ShouldNeedReset(VirtqueueFault fault)
    {
        _driver.Status.Should().HaveFlag(DeviceStatus.NeedsReset);
        _driver.Device.LastFault.Should().Be(fault);
        _driver.ReadIsr().Should().Be(VirtioNetDevice.IsrConfig);
        _driver.Port.Sent.Should().BeEmpty();
    }

    private void TransmitChain(ushort head)
    {
        _driver.MakeAvailable(Tx, head);
        _driver.Notify(Tx);
    }

    private static VirtqDescriptor Readable(ulong address, uint length, ushort? next = null) =>
        new(address, length, next is null ? (ushort)0 : VirtqDescriptor.FlagNext, next ?? 0);

    [Fact]
    public void A_chain_that_loops_needs_reset()
    {
        _driver.WriteDescriptor(Tx, 0, Readable(VirtioTestDriver.Buffers, 64, next: 1));
        _driver.WriteDescriptor(Tx, 1, Readable(VirtioTestDriver.Buffers, 64, next: 0));
        TransmitChain(0);
        ShouldNeedReset(VirtqueueFault.ChainTooLong);
    }

    [Fact]
    public void A_chain_longer_than_the_queue_needs_reset()
    {
        for (ushort i = 0; i < VirtioTestDriver.Size; i++)
            _driver.WriteDescriptor(Tx, i, Readable(VirtioTestDriver.Buffers, 8, next: (ushort)((i + 1) % VirtioTestDriver.Size)));
        TransmitChain(3);
        ShouldNeedReset(VirtqueueFault.ChainTooLong);
    }

    [Fact]
    public void A_next_index_past_the_queue_needs_reset()
    {
        _driver.WriteDescriptor(Tx, 0, Readable(VirtioTestDriver.Buffers, 64, next: VirtioTestDriver.Size));
        TransmitChain(0);
        ShouldNeedReset(VirtqueueFault.IndexOutOfRange);
    }

    [Fact]
    public void A_head_past_the_queue_needs_reset()
    {
        TransmitChain(200);
        ShouldNeedReset(VirtqueueFault.IndexOutOfRange);
    }

    [Fact]
    public void An_avail_index_too_far_ahead_needs_reset()
    {
        _driver.SetAvailIndex(Tx, VirtioTestDriver.Size + 1);
        _driver.Notify(Tx);
        ShouldNeedReset(VirtqueueFault.AvailIndexTooFar);
    }

    [Fact]
    public void A_buffer_outside_the_dma_window_needs_reset()
    {
        _driver.WriteDescriptor(Tx, 0, Readable(VirtioTestDriver.Iova + VirtioTestDriver.WindowSize - 16, 64));
        TransmitChain(0);
        ShouldNeedReset(VirtqueueFault.OutsideDmaWindow);
    }

    [Fact]
    public void A_descriptor_table_outside_the_dma_window_needs_reset()
    {
        using var driver = new VirtioTestDriver();
        driver.Negotiate(VirtioFeatures.Version1);
        driver.ConfigureQueue(Tx, table: 0x1000);
        driver.SetStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk);
        driver.MakeAvailable(Tx, 0);
        driver.Notify(Tx);
        driver.Status.Should().HaveFlag(DeviceStatus.NeedsReset);
        driver.Device.LastFault.Should().Be(VirtqueueFault.OutsideDmaWindow);
        driver.Dma.Faults.Should().BeGreaterThan(0);
    }

    [Fact]
    public void A_device_writable_buffer_in_a_transmit_chain_needs_reset()
    {
        _driver.WriteDescriptor(Tx, 0, new VirtqDescriptor(VirtioTestDriver.Buffers, 64, VirtqDescriptor.FlagWrite, 0));
        TransmitChain(0);
        ShouldNeedReset(VirtqueueFault.WrongDirection);
    }

    [Fact]
    public void A_readable_buffer_after_a_writable_one_needs_reset()
    {
        _driver.WriteDescriptor(Rx, 0, new VirtqDescriptor(VirtioTestDriver.Buffers, 64, VirtqDescriptor.FlagWrite | VirtqDescriptor.FlagNext, 1));
        _driver.WriteDescriptor(Rx, 1, Readable(VirtioTestDriver.Buffers + 64, 64));
        _driver.MakeAvailable(Rx, 0);
        _driver.Device.DeliverFrame(Frame);
        ShouldNeedReset(VirtqueueFault.WrongDirection);
    }

    [Fact]
    public void An_indirect_descriptor_which_was_never_offered_needs_reset()
    {
        _driver.WriteDescriptor(Tx, 0, new VirtqDescriptor(VirtioTestDriver.Buffers, 64, VirtqDescriptor.FlagIndirect, 0));
        TransmitChain(0);
        ShouldNeedReset(VirtqueueFault.IndirectNotNegotiated);
    }

    [Fact]
    public void Lengths_adding_up_past_four_gib_need_reset_without_reading_them()
    {
        _driver.WriteDescriptor(Tx, 0, Readable(VirtioTestDriver.Buffers, uint.MaxValue, next: 1));
        _driver.WriteDescriptor(Tx, 1, Readable(VirtioTestDriver.Buffers, uint.MaxValue));
        TransmitChain(0);
        ShouldNeedReset(VirtqueueFault.ChainTooLarge);
    }

    [Fact]
    public void A_queue_size_that_is_not_a_power_of_two_needs_reset_at_enable()
    {
        using var driver = new VirtioTestDriver();
        driver.Negotiate(VirtioFeatures.Version1);
        driver.ConfigureQueue(Rx, size: 3);
        driver.Status.Should().HaveFlag(DeviceStatus.NeedsReset);
        driver.Device.LastFault.Should().Be(VirtqueueFault.BadQueueConfiguration);
    }

    [Fact]
    public void After_needs_reset_the_device_ignores_the_queues_until_a_reset_brings_it_back()
    {
        TransmitChain(200);
        _driver.Status.Should().HaveFlag(DeviceStatus.NeedsReset);
        _driver.WriteDescriptor(Tx, 0, Readable(VirtioTestDriver.Buffers, (uint)(VirtioNetHeader.Size + Frame.Length)));
        _driver.MakeAvailable(Tx, 0);
        _driver.Notify(Tx);
        _driver.Port.Sent.Should().BeEmpty();

        _driver.SetStatus(DeviceStatus.None);
        _driver.Status.Should().Be(DeviceStatus.None);
        _driver.SetAvailIndex(Tx, 0);
        _driver.Start();
        _driver.WriteBuffer(VirtioTestDriver.Buffers, new byte[VirtioNetHeader.Size]);
        _driver.WriteBuffer(VirtioTestDriver.Buffers + VirtioNetHeader.Size, Frame);
        _driver.MakeAvailable(Tx, 0);
        _driver.Notify(Tx);
        _driver.Port.Sent.Should().ContainSingle().Which.Should().Equal(Frame);
    }

    [Fact]
    public void Fault_injection_sets_needs_reset_once_after_the_given_frame_count()
    {
        using var driver = new VirtioTestDriver(needsResetAfterFrames: 2);
        driver.Start();
        driver.WriteBuffer(VirtioTestDriver.Buffers, new byte[VirtioNetHeader.Size]);
        driver.WriteBuffer(VirtioTestDriver.Buffers + VirtioNetHeader.Size, Frame);
        for (ushort i = 0; i < 3; i++)
            driver.WriteDescriptor(Tx, i, Readable(VirtioTestDriver.Buffers, (uint)(VirtioNetHeader.Size + Frame.Length)));
        for (ushort i = 0; i < 3; i++) driver.MakeAvailable(Tx, i);
        driver.Notify(Tx);
        driver.Port.Sent.Should().HaveCount(2);
        driver.Status.Should().HaveFlag(DeviceStatus.NeedsReset);
        driver.Device.LastFault.Should().Be(VirtqueueFault.Injected);
        driver.SetStatus(DeviceStatus.None);
        driver.SetAvailIndex(Tx, 0);
        driver.Start();
        driver.MakeAvailable(Tx, 0);
        driver.Notify(Tx);
        driver.Port.Sent.Should().HaveCount(3, "only once");
        driver.Status.Should().NotHaveFlag(DeviceStatus.NeedsReset);
    }

    [Fact]
    public void Random_rings_never_throw_and_end_in_frames_or_needs_reset()
    {
        var random = new Random(15);
        for (int round = 0; round < 300; round++)
        {
            using var driver = new VirtioTestDriver();
            driver.Start();
            var junk = new byte[0x3000];
            random.NextBytes(junk);
            // Mostly plausible addresses: point descriptor addresses into the window now and then.
            for (int i = 0; i < 16 * VirtioTestDriver.Size; i += 16)
                if (random.Next(2) == 0) BitConverter.TryWriteBytes(junk.AsSpan(i), VirtioTestDriver.Buffers + (ulong)random.Next(0x1000));
            for (int q = 0; q < 2; q++) driver.Memory.Write(VirtioTestDriver.DescriptorTable(q) - VirtioTestDriver.Iova, junk);
            driver.Notify(Tx);
            driver.Device.DeliverFrame(Frame);
            driver.Notify(Tx);
            (driver.Device.ResetsNeeded <= 1).Should().BeTrue();
            (driver.Status & DeviceStatus.NeedsReset).Should().Be(driver.Device.ResetsNeeded == 1 ? DeviceStatus.NeedsReset : DeviceStatus.None);
        }
    }
}
