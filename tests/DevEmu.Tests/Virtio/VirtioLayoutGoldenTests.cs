using FluentAssertions;
using Solo5Net.DevEmu.Virtio;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Virtio;

/// <summary>Every binary layout of the virtio-net model against bytes written out by hand from
/// docs/virtio-net.md: capabilities, descriptors, both rings, the net header, the device config.</summary>
public sealed class VirtioLayoutGoldenTests
{
    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    [Fact]
    public void Configuration_space_has_ids_and_the_four_vendor_capabilities_linked_from_0x40()
    {
        using var driver = new VirtioTestDriver();
        var config = new byte[256];
        driver.Device.Config.Read(0, config);
        Hex(config.AsSpan(0, 4)).Should().Be("f41a4110", "vendor 1af4, device 1041");
        Hex(config.AsSpan(0x06, 2)).Should().Be("1000", "status: capability list");
        Hex(config.AsSpan(0x08, 4)).Should().Be("01000002", "revision 1, class 02 subclass 00");
        Hex(config.AsSpan(0x2C, 4)).Should().Be("f41a4100", "subsystem 1af4:0041");
        config[0x34].Should().Be(0x40);
        Hex(config.AsSpan(0x40, 16)).Should().Be("09501001" + "00000000" + "00000000" + "38000000", "common: BAR0 0x0000, 0x38 bytes");
        Hex(config.AsSpan(0x50, 20)).Should().Be("09641402" + "00000000" + "00300000" + "08000000" + "04000000",
            "notify: BAR0 0x3000, 2 queues × multiplier 4");
        Hex(config.AsSpan(0x64, 16)).Should().Be("09741003" + "00000000" + "00100000" + "04000000", "ISR: BAR0 0x1000");
        Hex(config.AsSpan(0x74, 16)).Should().Be("09001004" + "00000000" + "00200000" + "0c000000", "device config: BAR0 0x2000, 12 bytes, end of list");
    }

    [Fact]
    public void Descriptor_is_address_length_flags_next_little_endian()
    {
        var bytes = new byte[VirtqDescriptor.Size];
        new VirtqDescriptor(0x1122334455667788, 0xAABBCCDD, VirtqDescriptor.FlagNext | VirtqDescriptor.FlagWrite, 0x0102).Encode(bytes);
        Hex(bytes).Should().Be("8877665544332211" + "ddccbbaa" + "0300" + "0201");
        VirtqDescriptor.Decode(bytes).Should().Be(new VirtqDescriptor(0x1122334455667788, 0xAABBCCDD, 3, 0x0102));
    }

    [Fact]
    public void Ring_entries_follow_the_flags_and_index_words()
    {
        const ulong area = 0x1000;
        VirtqLayout.AvailEntry(area, 3).Should().Be(area + 4 + 6);
        VirtqLayout.UsedEntry(area, 3).Should().Be(area + 4 + 24);
        VirtqLayout.DescriptorTableBytes(256).Should().Be(4096);
        VirtqLayout.AvailRingBytes(256).Should().Be(516);
        VirtqLayout.UsedRingBytes(256).Should().Be(2052);
    }

    [Fact]
    public void Used_ring_gets_id_and_length_then_the_index()
    {
        using var driver = new VirtioTestDriver();
        driver.Start();
        driver.Device.Queue(0).Put(5, 0x1234).Should().Be(VirtqueueFault.None);
        // flags: the receive queue's VIRTQ_USED_F_NO_NOTIFY, written when it was enabled.
        Hex(driver.ReadBuffer(VirtioTestDriver.DeviceArea(0), 12)).Should().Be("0100" + "0100" + "05000000" + "34120000");
    }

    [Fact]
    public void Net_header_is_twelve_bytes_with_num_buffers_last()
    {
        var bytes = new byte[VirtioNetHeader.Size];
        VirtioNetHeader.Received.Encode(bytes);
        Hex(bytes).Should().Be("000000000000000000000100");
        new VirtioNetHeader(1, 3, 0x0102, 0x0304, 0x0506, 0x0708, 0x090A).Encode(bytes);
        Hex(bytes).Should().Be("0103" + "0201" + "0403" + "0605" + "0807" + "0a09");
        VirtioNetHeader.Decode(bytes).Should().Be(new VirtioNetHeader(1, 3, 0x0102, 0x0304, 0x0506, 0x0708, 0x090A));
    }

    [Fact]
    public void Device_config_is_mac_status_pairs_mtu()
    {
        using var driver = new VirtioTestDriver();
        var bytes = new byte[VirtioNetConfig.Length];
        driver.Device.ReadBar(0, VirtioPciLayout.DeviceOffset, bytes);
        Hex(bytes).Should().Be("020000000002" + "0100" + "0100" + "dc05", "MAC, link up, one queue pair, MTU 1500");
    }

    [Fact]
    public void Common_config_reads_features_queue_count_and_no_msix_vector()
    {
        using var driver = new VirtioTestDriver();
        driver.DeviceFeatures().Should().Be(0x3_0001_0028, "VERSION_1 and ACCESS_PLATFORM; STATUS, MAC, MTU");
        driver.Read(CommonConfigRegisters.NumQueues, 2).Should().Be(2);
        driver.Read(CommonConfigRegisters.ConfigMsixVector, 2).Should().Be(0xFFFF);
        driver.Read(CommonConfigRegisters.QueueSize, 2).Should().Be(VirtioNetDevice.QueueSize);
        driver.Write16(CommonConfigRegisters.QueueSelect, 1);
        driver.Read(CommonConfigRegisters.QueueNotifyOff, 2).Should().Be(1);
        driver.Write16(CommonConfigRegisters.QueueSelect, 2);
        driver.Read(CommonConfigRegisters.QueueSize, 2).Should().Be(0, "no queue 2");
    }
}
