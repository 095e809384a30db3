using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.DevEmu.Virtio;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Virtio;

/// <summary>Frames through well-formed split virtqueues, both directions, with their interrupts.</summary>
public sealed class VirtioTrafficTests : IDisposable
{
    private const int Rx = VirtioNetDevice.ReceiveQueue, Tx = VirtioNetDevice.TransmitQueue;
    private const ulong HeaderBuffer = VirtioTestDriver.Buffers, FrameBuffer = VirtioTestDriver.Buffers + 0x100;
    private static readonly byte[] Frame = TestFrames.Udp([0x02, 0, 0, 0, 0, 1], [0x02, 0, 0, 0, 0, 2], "hello virtio"u8.ToArray());

    private readonly VirtioTestDriver _driver = new();

    public VirtioTrafficTests() => _driver.Start();

    public void Dispose() => _driver.Dispose();

    private void QueueFrameInTwoBuffers(ushort head)
    {
        var header = new byte[VirtioNetHeader.Size];
        _driver.WriteBuffer(HeaderBuffer, header);
        _driver.WriteBuffer(FrameBuffer, Frame);
        _driver.WriteDescriptor(Tx, head, new VirtqDescriptor(HeaderBuffer, VirtioNetHeader.Size, VirtqDescriptor.FlagNext, (ushort)(head + 1)));
        _driver.WriteDescriptor(Tx, head + 1, new VirtqDescriptor(FrameBuffer, (uint)Frame.Length, 0, 0));
        _driver.MakeAvailable(Tx, head);
    }

    [Fact]
    public void Transmit_sends_the_frame_without_its_header_and_interrupts()
    {
        QueueFrameInTwoBuffers(0);
        _driver.Port.Sent.Should().BeEmpty("nothing goes out before the doorbell");
        _driver.Notify(Tx);
        _driver.Port.Sent.Should().ContainSingle().Which.Should().Equal(Frame);
        _driver.UsedIndex(Tx).Should().Be(1);
        _driver.UsedEntry(Tx, 0).Should().Be((0u, 0u));
        _driver.Device.Interrupts.IntxLevel.Should().BeTrue();
        _driver.ReadIsr().Should().Be(VirtioNetDevice.IsrQueue);
        _driver.Device.Interrupts.IntxLevel.Should().BeFalse("reading the ISR clears it");
        _driver.ReadIsr().Should().Be(0);
    }

    [Fact]
    public void Transmit_with_interrupts_suppressed_raises_none()
    {
        _driver.SetAvailFlags(Tx, VirtqLayout.AvailNoInterrupt);
        QueueFrameInTwoBuffers(0);
        _driver.Notify(Tx);
        _driver.Port.Sent.Should().HaveCount(1);
        _driver.Device.Interrupts.IntxLevel.Should().BeFalse();
    }

    [Fact]
    public void Several_frames_go_out_with_one_doorbell_and_wrap_around_the_ring()
    {
        for (int round = 0; round < 3; round++)
        {
            for (ushort head = 0; head < VirtioTestDriver.Size; head += 2) QueueFrameInTwoBuffers(head);
            _driver.Notify(Tx);
        }
        _driver.Port.Sent.Should().HaveCount(12);
        _driver.UsedIndex(Tx).Should().Be(12);
    }

    [Fact]
    public void Zero_length_descriptors_are_skipped_and_an_empty_chain_is_dropped_but_returned()
    {
        _driver.WriteBuffer(HeaderBuffer, new byte[VirtioNetHeader.Size]);
        _driver.WriteBuffer(HeaderBuffer + VirtioNetHeader.Size, Frame);
        _driver.WriteDescriptor(Tx, 0, new VirtqDescriptor(FrameBuffer, 0, VirtqDescriptor.FlagNext, 1));
        _driver.WriteDescriptor(Tx, 1, new VirtqDescriptor(HeaderBuffer, (uint)(VirtioNetHeader.Size + Frame.Length), 0, 0));
        _driver.WriteDescriptor(Tx, 2, new VirtqDescriptor(FrameBuffer, 0, 0, 0));
        _driver.MakeAvailable(Tx, 0);
        _driver.MakeAvailable(Tx, 2);
        _driver.Notify(Tx);
        _driver.Port.Sent.Should().ContainSingle().Which.Should().Equal(Frame);
        _driver.UsedIndex(Tx).Should().Be(2);
        _driver.Device.TransmitDropped.Should().Be(1);
        _driver.Status.Should().NotHaveFlag(DeviceStatus.NeedsReset);
    }

    [Fact]
    public void Receive_writes_header_and_frame_into_the_buffer_and_reports_the_length()
    {
        _driver.WriteDescriptor(Rx, 0, new VirtqDescriptor(VirtioTestDriver.Buffers, 2048, VirtqDescriptor.FlagWrite, 0));
        _driver.MakeAvailable(Rx, 0);
        _driver.Device.DeliverFrame(Frame);
        _driver.UsedIndex(Rx).Should().Be(1);
        _driver.UsedEntry(Rx, 0).Should().Be((0u, (uint)(VirtioNetHeader.Size + Frame.Length)));
        var written = _driver.ReadBuffer(VirtioTestDriver.Buffers, VirtioNetHeader.Size + Frame.Length);
        VirtioNetHeader.Decode(written).Should().Be(VirtioNetHeader.Received);
        written.AsSpan(VirtioNetHeader.Size).ToArray().Should().Equal(Frame);
        _driver.ReadIsr().Should().Be(VirtioNetDevice.IsrQueue);
    }

    [Fact]
    public void Receive_scatters_over_a_chain_of_small_buffers()
    {
        for (ushort i = 0; i < 4; i++)
            _driver.WriteDescriptor(Rx, i, new VirtqDescriptor(VirtioTestDriver.Buffers + (ulong)i * 0x100, 20,
                (ushort)(VirtqDescriptor.FlagWrite | (i < 3 ? VirtqDescriptor.FlagNext : 0)), (ushort)(i + 1)));
        _driver.MakeAvailable(Rx, 0);
        var small = Frame.Concat(new byte[60 - Frame.Length]).ToArray();
        _driver.Device.DeliverFrame(small);
        var joined = Enumerable.Range(0, 4).SelectMany(i => _driver.ReadBuffer(VirtioTestDriver.Buffers + (ulong)i * 0x100, 20)).ToArray();
        joined.AsSpan(VirtioNetHeader.Size, small.Length).ToArray().Should().Equal(small);
        _driver.UsedEntry(Rx, 0).Length.Should().Be((uint)(VirtioNetHeader.Size + small.Length));
    }

    private ushort UsedFlags(int queue) =>
        BinaryPrimitives.ReadUInt16LittleEndian(_driver.Memory.Read(VirtioTestDriver.DeviceArea(queue) + VirtqLayout.FlagsOffset - VirtioTestDriver.Iova, 2));

    [Fact]
    public void The_receive_queue_asks_for_no_doorbell_and_uses_buffers_published_without_one()
    {
        UsedFlags(Rx).Should().Be(VirtqLayout.UsedNoNotify, "the model reads the receive avail ring whenever a frame arrives");
        UsedFlags(Tx).Should().Be(0, "transmit runs on the doorbell");
        for (ushort i = 0; i < VirtioTestDriver.Size; i++)
        {
            _driver.WriteDescriptor(Rx, i, new VirtqDescriptor(VirtioTestDriver.Buffers + (ulong)i * 0x800, 2048, VirtqDescriptor.FlagWrite, 0));
            _driver.MakeAvailable(Rx, i);
        }
        for (int i = 0; i < 3 * VirtioTestDriver.Size; i++)
        {
            _driver.Device.DeliverFrame(Frame);
            _driver.MakeAvailable(Rx, (ushort)(i % VirtioTestDriver.Size));   // the buffer straight back, no doorbell
        }
        _driver.Device.FramesReceived.Should().Be(3 * VirtioTestDriver.Size);
        _driver.Device.ReceiveNoBuffer.Should().Be(0);
        _driver.Device.ReceiveNotifications.Should().Be(0);
        UsedFlags(Rx).Should().Be(VirtqLayout.UsedNoNotify, "returning buffers leaves the flag alone");
    }

    [Fact]
    public void Receive_without_a_buffer_drops_the_frame_and_keeps_working()
    {
        _driver.Device.DeliverFrame(Frame);
        _driver.Device.ReceiveNoBuffer.Should().Be(1);
        _driver.Status.Should().NotHaveFlag(DeviceStatus.NeedsReset);
    }

    [Fact]
    public void A_buffer_too_small_for_the_frame_is_returned_empty()
    {
        _driver.WriteDescriptor(Rx, 0, new VirtqDescriptor(VirtioTestDriver.Buffers, 20, VirtqDescriptor.FlagWrite, 0));
        _driver.MakeAvailable(Rx, 0);
        _driver.Device.DeliverFrame(Frame);
        _driver.UsedEntry(Rx, 0).Should().Be((0u, 0u));
        _driver.Device.ReceiveBufferTooSmall.Should().Be(1);
        _driver.Status.Should().NotHaveFlag(DeviceStatus.NeedsReset);
    }

    [Fact]
    public void Before_driver_ok_nothing_is_received_or_sent()
    {
        _driver.SetStatus(DeviceStatus.None);
        _driver.Negotiate(VirtioFeatures.Version1);
        _driver.ConfigureQueue(Rx);
        _driver.ConfigureQueue(Tx);
        _driver.Device.DeliverFrame(Frame);
        _driver.Device.ReceiveNotReady.Should().Be(1);
        _driver.Device.Queue(Tx).NextAvail.Should().Be(0);
    }
}
