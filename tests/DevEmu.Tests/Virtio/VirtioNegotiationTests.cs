using FluentAssertions;
using Solo5Net.DevEmu.Virtio;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Virtio;

/// <summary>Feature negotiation and the status byte (docs/virtio-net.md §2).</summary>
public sealed class VirtioNegotiationTests
{
    private const DeviceStatus Started = DeviceStatus.Acknowledge | DeviceStatus.Driver;

    [Fact]
    public void A_subset_with_version_1_is_accepted()
    {
        using var driver = new VirtioTestDriver();
        driver.Negotiate(VirtioFeatures.Version1 | VirtioFeatures.AccessPlatform | VirtioFeatures.NetMac | VirtioFeatures.NetMtu)
            .Should().Be(Started | DeviceStatus.FeaturesOk);
        driver.Device.DriverFeatures.Should().Be(0x3_0000_0028);
    }

    [Fact]
    public void A_feature_the_device_did_not_offer_leaves_features_ok_clear()
    {
        using var driver = new VirtioTestDriver();
        const ulong mergeableBuffers = 1UL << 15;
        driver.Negotiate(VirtioFeatures.Version1 | mergeableBuffers).Should().Be(Started);
    }

    [Fact]
    public void Without_version_1_the_modern_device_refuses()
    {
        using var driver = new VirtioTestDriver();
        driver.Negotiate(VirtioFeatures.NetMac).Should().Be(Started);
    }

    [Fact]
    public void A_device_offering_fewer_features_refuses_the_ones_it_left_out()
    {
        using var driver = new VirtioTestDriver(VirtioFeatures.Version1 | VirtioFeatures.NetMac);
        driver.DeviceFeatures().Should().Be(VirtioFeatures.Version1 | VirtioFeatures.NetMac);
        driver.Negotiate(VirtioFeatures.Version1 | VirtioFeatures.NetMtu).Should().Be(Started);
        driver.Negotiate(VirtioFeatures.Version1 | VirtioFeatures.NetMac).Should().Be(Started | DeviceStatus.FeaturesOk);
    }

    [Fact]
    public void Driver_features_are_frozen_once_accepted_and_driver_ok_needs_features_ok()
    {
        using var driver = new VirtioTestDriver();
        driver.SetStatus(Started | DeviceStatus.DriverOk);
        driver.Status.Should().Be(Started, "DRIVER_OK before FEATURES_OK is not taken");
        driver.Negotiate(VirtioFeatures.Version1).Should().Be(Started | DeviceStatus.FeaturesOk);
        driver.Write32(CommonConfigRegisters.DriverFeatureSelect, 0);
        driver.Write32(CommonConfigRegisters.DriverFeature, (uint)VirtioFeatures.NetMac);
        driver.Device.DriverFeatures.Should().Be(VirtioFeatures.Version1);
    }

    [Fact]
    public void Writing_zero_resets_status_features_and_queues()
    {
        using var driver = new VirtioTestDriver();
        driver.Start();
        driver.SetStatus(DeviceStatus.None);
        driver.Status.Should().Be(DeviceStatus.None);
        driver.Device.DriverFeatures.Should().Be(0);
        driver.Device.Queue(0).Enabled.Should().BeFalse();
        driver.Device.Queue(1).DescriptorTable.Should().Be(0);
    }

    [Fact]
    public void The_driver_cannot_set_needs_reset_itself()
    {
        using var driver = new VirtioTestDriver();
        driver.SetStatus(DeviceStatus.Acknowledge | DeviceStatus.NeedsReset);
        driver.Status.Should().Be(DeviceStatus.Acknowledge);
    }

    [Fact]
    public void Queue_registers_are_frozen_while_the_queue_is_enabled()
    {
        using var driver = new VirtioTestDriver();
        driver.Start();
        driver.Write16(CommonConfigRegisters.QueueSelect, 0);
        driver.Write64(CommonConfigRegisters.QueueDesc, 0xDEAD_0000);
        driver.Device.Queue(0).DescriptorTable.Should().Be(VirtioTestDriver.DescriptorTable(0));
        driver.Read(CommonConfigRegisters.QueueDesc, 8).Should().Be(VirtioTestDriver.DescriptorTable(0));
        driver.Read(CommonConfigRegisters.QueueDesc + 4, 4).Should().Be(1, "the high half");
    }
}
