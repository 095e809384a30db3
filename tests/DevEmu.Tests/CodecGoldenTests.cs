using FluentAssertions;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>Every message layout against bytes written out by hand from the protocol's field tables.</summary>
public sealed class CodecGoldenTests
{
    private static byte[] Hex(string spaced) => Convert.FromHexString(spaced.Replace(" ", ""));

    [Fact]
    public void Header_error_reply()
    {
        var header = new MessageHeader(0x1234, Command.RegionRead, 0x20, MessageType.Reply, IsError: true, Errno: 22);
        var bytes = new byte[16];
        header.WriteTo(bytes);
        bytes.Should().Equal(Hex("3412 0900 20000000 21000000 16000000"));
        MessageHeader.Read(bytes).Should().Be(header);
    }

    [Fact]
    public void Header_command_without_reply()
    {
        var bytes = Hex("0700 0d00 10000000 10000000 00000000");
        var header = MessageHeader.Read(bytes);
        header.Should().Be(new MessageHeader(7, Command.DeviceReset, 16, MessageType.Command, NoReply: true));
    }

    [Theory]
    [InlineData("0000 0100 0f000000 00000000 00000000")]  // size below the header
    [InlineData("0000 0100 10000000 02000000 00000000")]  // unknown message type
    [InlineData("0000 0100 10000000 00000000")]           // short
    public void Header_rejects_malformed(string hex) =>
        FluentActions.Invoking(() => MessageHeader.Read(Hex(hex))).Should().Throw<VfioUserProtocolException>();

    [Fact]
    public void Command_numbers_follow_the_protocol()
    {
        ((ushort)Command.Version).Should().Be(1);
        ((ushort)Command.DeviceGetRegionIoFds).Should().Be(6);
        ((ushort)Command.DmaWrite).Should().Be(12);
        ((ushort)Command.DeviceReset).Should().Be(13);
        ((ushort)Command.RegionWriteMulti).Should().Be(15);
        ((ushort)Command.MigrationDataWrite).Should().Be(18);
    }

    [Fact]
    public void Version_with_capabilities()
    {
        var payload = new VersionPayload(0, 1, new Capabilities(MaxMsgFds: 8)).Encode();
        var json = "{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576}}"u8.ToArray();
        payload.Should().Equal([.. Hex("0000 0100"), .. json, 0]);
        var decoded = VersionPayload.Decode(payload);
        decoded.Minor.Should().Be(1);
        decoded.Capabilities.Should().Be(new Capabilities(MaxMsgFds: 8));
    }

    [Fact]
    public void Version_defaults_and_unknown_keys()
    {
        VersionPayload.Decode(Hex("0000 0100")).Capabilities.Should().Be(Capabilities.Defaults);
        var text = "{\"capabilities\":{\"pgsizes\":4096,\"max_dma_maps\":65535,\"twin_socket\":{\"supported\":true},\"future\":[1]}}";
        var caps = VersionPayload.Decode([.. Hex("0000 0100"), .. System.Text.Encoding.UTF8.GetBytes(text), 0]).Capabilities;
        caps.Should().Be(new Capabilities(PageSizes: 4096, MaxDmaMaps: 65535, TwinSocket: true));
    }

    [Theory]
    [InlineData("{\"capabilities\":{\"max_msg_fds\":\"x\"}}")]
    [InlineData("{\"capabilities\":{\"max_msg_fds\":8}")]
    [InlineData("[1,2]")]
    [InlineData("{\"capabilities\":7}")]
    public void Version_rejects_bad_json(string json)
    {
        byte[] payload = [.. Hex("0000 0100"), .. System.Text.Encoding.UTF8.GetBytes(json), 0];
        FluentActions.Invoking(() => VersionPayload.Decode(payload)).Should().Throw<VfioUserProtocolException>();
    }

    [Fact]
    public void Version_rejects_json_without_terminating_nul()
    {
        byte[] payload = [.. Hex("0000 0100"), .. "{}"u8.ToArray()];
        FluentActions.Invoking(() => VersionPayload.Decode(payload)).Should().Throw<VfioUserProtocolException>();
    }

    [Fact]
    public void Dma_map()
    {
        var request = new DmaMapRequest(DmaProtection.Read | DmaProtection.Write, 0x1000, 0x1_0000_0000, 0x20_0000);
        var bytes = request.Encode();
        bytes.Should().Equal(Hex("20000000 03000000 0010000000000000 0000000001000000 0000200000000000"));
        DmaMapRequest.Decode(bytes).Should().Be(request);
    }

    [Fact]
    public void Dma_unmap()
    {
        var request = new DmaUnmapRequest(DmaUnmapFlags.None, 0x1000_0000, 0x1000);
        var bytes = request.Encode();
        bytes.Should().Equal(Hex("18000000 00000000 0000001000000000 0010000000000000"));
        DmaUnmapRequest.Decode(bytes).Should().Be(request);
    }

    [Fact]
    public void Device_info()
    {
        var info = new DeviceInfo(DeviceFlags.Pci | DeviceFlags.ResetSupported, 9, 2);
        info.Encode().Should().Equal(Hex("10000000 03000000 09000000 02000000"));
        DeviceInfo.Decode(info.Encode()).Should().Be(info);
        DeviceInfo.EncodeRequest().Should().Equal(Hex("10000000 00000000 00000000 00000000"));
    }

    [Fact]
    public void Region_info_request()
    {
        RegionInfo.EncodeRequest(7, 256).Should().Equal(Hex("00010000 00000000 07000000 00000000 0000000000000000 0000000000000000"));
    }

    [Fact]
    public void Region_info_reply_with_sparse_mmap_capability()
    {
        var info = new RegionInfo(32, RegionFlags.Read | RegionFlags.Write | RegionFlags.Mmap, 0, 0, 0x100000, 0x4000,
            [new SparseMmapArea(0, 0x1000)]);
        var bytes = info.EncodeReply(256);
        bytes.Should().Equal(Hex(
            "40000000 0f000000 00000000 20000000 0000100000000000 0040000000000000" +
            "0100 0100 00000000 01000000 00000000 0000000000000000 0010000000000000"));
        var decoded = RegionInfo.Decode(bytes);
        decoded.SparseAreas.Should().Equal(new SparseMmapArea(0, 0x1000));
        decoded.Size.Should().Be(0x100000);
        decoded.Offset.Should().Be(0x4000);
    }

    [Fact]
    public void Region_info_reply_too_small_for_capabilities_says_how_much_is_needed()
    {
        var info = new RegionInfo(32, RegionFlags.Read | RegionFlags.Mmap, 2, 0, 0x1000, 0, [new SparseMmapArea(0, 0x1000)]);
        info.EncodeReply(32).Should().Equal(Hex("40000000 0d000000 02000000 00000000 0010000000000000 0000000000000000"));
    }

    [Fact]
    public void Region_info_rejects_a_capability_chain_outside_the_reply()
    {
        var bytes = Hex("40000000 08000000 00000000 f0000000 0010000000000000 0000000000000000");
        FluentActions.Invoking(() => RegionInfo.Decode(bytes)).Should().Throw<VfioUserProtocolException>();
    }

    [Fact]
    public void Irq_info()
    {
        var info = new IrqInfo(IrqInfoFlags.Eventfd | IrqInfoFlags.Maskable, IrqIndex.Intx, 1);
        info.Encode().Should().Equal(Hex("10000000 03000000 00000000 01000000"));
        IrqInfo.Decode(info.Encode()).Should().Be(info);
    }

    [Fact]
    public void Set_irqs_eventfd_and_bool()
    {
        var eventfd = new SetIrqsRequest(IrqSetFlags.DataEventfd | IrqSetFlags.ActionTrigger, IrqIndex.Msi, 0, 1);
        eventfd.Encode().Should().Equal(Hex("14000000 24000000 01000000 00000000 01000000"));
        var boolean = new SetIrqsRequest(IrqSetFlags.DataBool | IrqSetFlags.ActionTrigger, IrqIndex.Intx, 0, 1, [1]);
        var bytes = boolean.Encode();
        bytes.Should().Equal(Hex("15000000 22000000 00000000 00000000 01000000 01"));
        SetIrqsRequest.Decode(bytes).BoolData.Should().Equal(1);
        FluentActions.Invoking(() => SetIrqsRequest.Decode(bytes[..20])).Should().Throw<VfioUserProtocolException>();
    }

    [Fact]
    public void Region_read_and_write()
    {
        new RegionAccess(0x10, PciRegion.Config, 4).Encode([0xFF, 0xFF, 0xFF, 0xFF])
            .Should().Equal(Hex("1000000000000000 07000000 04000000 ffffffff"));
        var read = new RegionAccess(0x98, 0, 8).Encode();
        read.Should().Equal(Hex("9800000000000000 00000000 08000000"));
        var access = RegionAccess.Decode(read);
        access.Should().Be(new RegionAccess(0x98, 0, 8));
        FluentActions.Invoking(() => access.DataOf(read)).Should().Throw<VfioUserProtocolException>();
    }

    [Fact]
    public void Dma_read_and_write()
    {
        var bytes = new DmaAccess(0x2000, 4).Encode([1, 2, 3, 4]);
        bytes.Should().Equal(Hex("0020000000000000 0400000000000000 01020304"));
        DmaAccess.Decode(bytes).Should().Be(new DmaAccess(0x2000, 4));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(0)]
    public void Fixed_payloads_reject_short_input(int length)
    {
        var bytes = new byte[length];
        FluentActions.Invoking(() => DmaMapRequest.Decode(bytes)).Should().Throw<VfioUserProtocolException>();
        FluentActions.Invoking(() => RegionInfo.Decode(bytes)).Should().Throw<VfioUserProtocolException>();
        FluentActions.Invoking(() => DmaUnmapRequest.Decode(bytes[..Math.Min(length, 23)])).Should().Throw<VfioUserProtocolException>();
    }
}
