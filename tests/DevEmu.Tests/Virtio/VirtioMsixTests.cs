using FluentAssertions;
using Solo5Net.DevEmu.Virtio;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Virtio;

/// <summary>
/// The virtio-net model with MSI-X (hvt-devemu virtio-net --msix 3; docs/virtio-net.md §3, §6): the
/// capability, the vector registers (config_msix_vector, queue_msix_vector), which vector each event
/// fires, INTx while MSI-X is off, and a driver's bad vector numbers, each answered as the virtio
/// specification says (the mapping reads back NO_VECTOR, the event sends nothing), never a throw.
/// </summary>
public sealed class VirtioMsixTests : IDisposable
{
    private const int Rx = VirtioNetDevice.ReceiveQueue, Tx = VirtioNetDevice.TransmitQueue;
    private const ushort NoVector = CommonConfigRegisters.NoVector;
    private const ushort MsixEnable = 0x8000, FunctionMask = 0x4000;
    private static readonly byte[] Frame = TestFrames.Udp([0x02, 0, 0, 0, 0, 1], [0x02, 0, 0, 0, 0, 2], "msix"u8.ToArray());

    private readonly VirtioTestDriver _driver = new(msixVectors: 3);

    public VirtioMsixTests() => _driver.Start();

    public void Dispose() => _driver.Dispose();

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private void MapOnePerEvent()
    {
        _driver.MapQueueVector(Rx, 0).Should().Be(0);
        _driver.MapQueueVector(Tx, 1).Should().Be(1);
        _driver.MapConfigVector(2).Should().Be(2);
    }

    private void ReceiveOneFrame()
    {
        _driver.WriteDescriptor(Rx, 0, new VirtqDescriptor(VirtioTestDriver.Buffers, 2048, VirtqDescriptor.FlagWrite, 0));
        _driver.MakeAvailable(Rx, 0);
        _driver.Device.DeliverFrame(Frame);
        _driver.UsedIndex(Rx).Should().Be(1, "the frame is received whatever the interrupt does");
    }

    private void TransmitOneFrame()
    {
        _driver.WriteBuffer(VirtioTestDriver.Buffers + 0x1000, new byte[VirtioNetHeader.Size].Concat(Frame).ToArray());
        _driver.WriteDescriptor(Tx, 0, new VirtqDescriptor(VirtioTestDriver.Buffers + 0x1000, (uint)(VirtioNetHeader.Size + Frame.Length), 0, 0));
        _driver.MakeAvailable(Tx, 0);
        _driver.Notify(Tx);
        _driver.Port.Sent.Should().ContainSingle();
    }

    /// <summary>An avail index more than a queue ahead: the device needs a reset (a configuration change).</summary>
    private void BreakTheTransmitQueue()
    {
        _driver.SetAvailIndex(Tx, VirtioTestDriver.Size + 1);
        _driver.Notify(Tx);
        _driver.Status.Should().HaveFlag(DeviceStatus.NeedsReset);
    }

    private long Counter(string name) => _driver.Device.Counters().Single(c => c.Name == name).Value;

    [Fact]
    public void The_msix_capability_comes_first_with_its_table_and_pba_in_bar1_and_the_vendor_capabilities_follow()
    {
        var config = new byte[256];
        _driver.Device.Config.Read(0, config);
        config[0x34].Should().Be(0x40);
        Hex(config.AsSpan(0x40, 12)).Should().Be("114c0200" + "01000000" + "01080000",
            "MSI-X, next 0x4c, table size 3 (N − 1 = 2), table at BAR1 + 0, PBA at BAR1 + 0x800");
        config[0x4C].Should().Be(VirtioPciCapability.VendorSpecificId);
        config[0x4C + 3].Should().Be(VirtioPciCapability.CommonCfg);
        _driver.Device.Config.Bars.Should().Contain(new Solo5Net.DevEmu.Pci.BarSpec(1, 0x1000));
        _driver.Device.Interrupts.Vectors(IrqIndex.Msix).Should().Be(3);
    }

    [Fact]
    public void Vectors_read_back_as_written_and_a_reset_unmaps_every_event()
    {
        MapOnePerEvent();
        _driver.Device.QueueVector(Rx).Should().Be(0);
        _driver.Device.ConfigVector.Should().Be(2);
        _driver.SetStatus(DeviceStatus.None);
        _driver.Read(VirtioPciLayout.CommonOffset + CommonConfigRegisters.ConfigMsixVector, 2).Should().Be(NoVector);
        _driver.MapQueueVector(Tx, NoVector).Should().Be(NoVector);
        _driver.Device.QueueVector(Rx).Should().Be(NoVector);
    }

    [Fact]
    public void With_msix_enabled_each_queue_fires_its_own_vector_and_intx_stays_low()
    {
        MapOnePerEvent();
        _driver.SetMsixControl(MsixEnable);
        ReceiveOneFrame();
        _driver.Device.MessagesOnVector(0).Should().Be(1);
        _driver.Device.Interrupts.IntxLevel.Should().BeFalse();
        TransmitOneFrame();
        _driver.Device.MessagesOnVector(1).Should().Be(1);
        _driver.Device.MessagesOnVector(2).Should().Be(0);
        _driver.ReadIsr().Should().Be(0, "with MSI-X the device does not set the ISR's queue bit");
        Counter("msix-messages").Should().Be(2);
    }

    [Fact]
    public void A_configuration_change_fires_the_config_vector_and_still_sets_the_isr_config_bit()
    {
        MapOnePerEvent();
        _driver.SetMsixControl(MsixEnable);
        BreakTheTransmitQueue();
        _driver.Device.MessagesOnVector(2).Should().Be(1);
        _driver.Device.Interrupts.IntxLevel.Should().BeFalse();
        _driver.ReadIsr().Should().Be(VirtioNetDevice.IsrConfig);
    }

    [Fact]
    public void An_event_left_unmapped_sends_no_message()
    {
        _driver.SetMsixControl(MsixEnable);
        ReceiveOneFrame();
        BreakTheTransmitQueue();
        _driver.Device.MsixMessages.Should().Be(0);
        Counter("msix-unmapped").Should().Be(2);
        _driver.Device.Interrupts.IntxLevel.Should().BeFalse();
    }

    [Fact]
    public void With_msix_disabled_the_device_raises_intx_and_the_isr_whatever_the_vectors()
    {
        MapOnePerEvent();
        ReceiveOneFrame();
        _driver.Device.MsixMessages.Should().Be(0);
        _driver.Device.Interrupts.IntxLevel.Should().BeTrue();
        _driver.ReadIsr().Should().Be(VirtioNetDevice.IsrQueue);
    }

    [Fact]
    public void The_function_mask_is_the_clients_to_apply_so_the_device_still_sends()
    {
        // The client (the tender) owns the table: it holds a masked vector pending in its PBA
        // (docs/abi.md §7); the device only follows the enable bit.
        MapOnePerEvent();
        _driver.SetMsixControl(MsixEnable | FunctionMask);
        ReceiveOneFrame();
        _driver.Device.MessagesOnVector(0).Should().Be(1);
        _driver.Device.Interrupts.IntxLevel.Should().BeFalse();
    }

    [Fact]
    public void A_vector_past_the_table_reads_back_no_vector_and_its_event_sends_nothing()
    {
        _driver.MapQueueVector(Rx, 3).Should().Be(NoVector, "the table has vectors 0–2");
        _driver.MapQueueVector(Tx, 0x7FF).Should().Be(NoVector);
        _driver.MapConfigVector(0xFFFE).Should().Be(NoVector);
        Counter("msix-vector-refused").Should().Be(3);
        _driver.SetMsixControl(MsixEnable);
        ReceiveOneFrame();
        BreakTheTransmitQueue();
        _driver.Device.MsixMessages.Should().Be(0);
        Counter("msix-unmapped").Should().Be(2);
    }

    [Fact]
    public void Writing_no_vector_unmaps_an_event_and_is_no_refusal()
    {
        MapOnePerEvent();
        _driver.MapConfigVector(NoVector).Should().Be(NoVector);
        _driver.MapQueueVector(Rx, NoVector).Should().Be(NoVector);
        Counter("msix-vector-refused").Should().Be(0);
        _driver.SetMsixControl(MsixEnable);
        ReceiveOneFrame();
        _driver.Device.MsixMessages.Should().Be(0);
    }

    [Fact]
    public void A_vector_for_a_queue_that_does_not_exist_is_ignored()
    {
        _driver.MapQueueVector(7, 1).Should().Be(NoVector);
        _driver.Device.QueueVector(Rx).Should().Be(NoVector);
        _driver.Device.QueueVector(Tx).Should().Be(NoVector);
    }

    [Fact]
    public void Without_msix_every_vector_reads_no_vector()
    {
        using var driver = new VirtioTestDriver();
        driver.Start();
        driver.MapConfigVector(0).Should().Be(NoVector);
        driver.MapQueueVector(Rx, 0).Should().Be(NoVector);
        driver.Device.Config.MsixOffset.Should().Be(0);
        driver.Device.Interrupts.Vectors(IrqIndex.Msix).Should().Be(0);
    }

    [Fact]
    public void Random_vector_and_control_writes_between_frames_never_throw_and_only_mapped_vectors_fire()
    {
        var random = new Random(15);
        for (int round = 0; round < 2000; round++)
        {
            ushort vector = random.Next(4) switch { 0 => NoVector, 1 => (ushort)random.Next(3), 2 => (ushort)random.Next(3, 0x800), _ => (ushort)random.Next(0x10000) };
            switch (random.Next(4))
            {
                case 0: _driver.MapConfigVector(vector); break;
                case 1: _driver.MapQueueVector(random.Next(3), vector); break;
                case 2: _driver.SetMsixControl((ushort)(random.Next(4) << 14)); break;
                default: _driver.Device.DeliverFrame(Frame); break;
            }
            _driver.Device.ConfigVector.Should().Match(v => v == NoVector || v < 3);
            _driver.Device.QueueVector(Rx).Should().Match(v => v == NoVector || v < 3);
        }
        (_driver.Device.MessagesOnVector(0) + _driver.Device.MessagesOnVector(1) + _driver.Device.MessagesOnVector(2))
            .Should().Be(_driver.Device.MsixMessages);
    }
}
