using System.Buffers.Binary;
using System.Text;
using FluentAssertions;
using Solo5Net.DevEmu.Virtio;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu.Virtio;

/// <summary>
/// hvt-devemu virtio-net as a process on a real tap inside a private network namespace, driven over
/// vfio-user like a guest driver would: capabilities read from configuration space, queues in a
/// memfd shared with DMA_MAP, INTx on an eventfd, the kernel on the other side of the tap.
/// </summary>
public sealed class VirtioNetTapTests : IDisposable
{
    private const string TapName = "s5v0", DeviceMac = "02:00:00:00:00:03";
    private const ulong Iova = 0x1_0000_0000;
    private const ushort Size = 8;
    private const ulong RxBuffers = 0x10000, TxBuffer = 0x18000;
    private static readonly byte[] DeviceMacBytes = [2, 0, 0, 0, 0, 3];

    private readonly NetNamespace? _ns;
    private readonly DevEmuServer? _server;
    private readonly VfioUserClient? _client;
    private readonly ClientMemory _memory = new(0x20000);
    private readonly FileDescriptor _interrupt = Eventfd.Create();

    public VirtioNetTapTests()
    {
        if (!TestEnvironment.IsRoot) return;
        try
        {
            (_ns, _server, _client) = TapDeviceRig.Start("virtio-net", TapName, "10.12.0.1/24", "10.12.0.2", DeviceMac, _memory, Iova, _interrupt);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _server?.Dispose();
        _ns?.Dispose();
        _memory.Dispose();
        _interrupt.Dispose();
    }

    [RootFact]
    public void The_server_reports_the_modern_ids_and_the_common_capability()
    {
        _client!.RegionRead32(PciRegion.Config, 0).Should().Be(0x10411AF4);
        var capability = new byte[16];
        _client.RegionRead(PciRegion.Config, 0x40, capability);
        capability[0].Should().Be(VirtioPciCapability.VendorSpecificId);
        capability[3].Should().Be(VirtioPciCapability.CommonCfg);
    }

    [RootFact]
    public void A_frame_from_the_kernel_arrives_with_a_header_and_an_interrupt()
    {
        BringUp();
        _ns!.Exec("bash", "-c", "echo -n hello-virtio > /dev/udp/10.12.0.2/7777");
        var frame = WaitForReceivedFrame(0);
        frame[..6].Should().Equal(DeviceMacBytes);
        Encoding.ASCII.GetString(frame, 42, 12).Should().Be("hello-virtio");
        UnixSocket.WaitReadable(_interrupt.Number, 5000).Should().BeTrue("the used ring was written");
        (Read8(VirtioPciLayout.IsrOffset) & VirtioNetDevice.IsrQueue).Should().NotBe(0);
    }

    [RootFact]
    public void A_transmitted_frame_reaches_the_kernel_which_answers_it()
    {
        BringUp();
        byte[] tapMac = Convert.FromHexString(_ns!.Exec("cat", $"/sys/class/net/{TapName}/address").Stdout.Trim().Replace(":", ""));
        var frame = TestFrames.Udp(dst: tapMac, src: DeviceMacBytes, payload: Encoding.ASCII.GetBytes("ping-from-virtio"),
            srcIp: [10, 12, 0, 2], dstIp: [10, 12, 0, 1]);
        _memory.Write(TxBuffer, new byte[VirtioNetHeader.Size]);
        _memory.Write(TxBuffer + VirtioNetHeader.Size, frame);
        WriteDescriptor(1, 0, new VirtqDescriptor(Iova + TxBuffer, (uint)(VirtioNetHeader.Size + frame.Length), 0, 0));
        MakeAvailable(1, 0, 1);
        Write(VirtioPciLayout.NotifyOffset + VirtioPciLayout.NotifyOffMultiplier, [1, 0]);
        var reply = WaitForReceivedFrame(0);
        reply[14 + 9].Should().Be(1, "ICMP");
        reply[34].Should().Be(3, "destination unreachable");
        reply[35].Should().Be(3, "port unreachable: the kernel parsed our UDP datagram");
        _client!.Dispose();
        _server!.WaitForClientToLeave().Should().BeTrue(_server.Describe());
        _server.Stderr.Should().Contain("frames-out=1").And.Contain("needs-reset=0");
    }

    private void BringUp()
    {
        Write(CommonConfigRegisters.DeviceStatus, [(byte)DeviceStatus.Acknowledge]);
        Write(CommonConfigRegisters.DeviceStatus, [(byte)(DeviceStatus.Acknowledge | DeviceStatus.Driver)]);
        Write32(CommonConfigRegisters.DriverFeatureSelect, 1);
        Write32(CommonConfigRegisters.DriverFeature, 1);   // VERSION_1
        Write(CommonConfigRegisters.DeviceStatus, [(byte)(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk)]);
        Read8(CommonConfigRegisters.DeviceStatus).Should().Be((byte)(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk));
        for (ushort q = 0; q < 2; q++)
        {
            Write(CommonConfigRegisters.QueueSelect, [(byte)q, 0]);
            Write(CommonConfigRegisters.QueueSize, [(byte)Size, 0]);
            Write64(CommonConfigRegisters.QueueDesc, Iova + Table(q));
            Write64(CommonConfigRegisters.QueueDriver, Iova + Table(q) + 0x1000);
            Write64(CommonConfigRegisters.QueueDevice, Iova + Table(q) + 0x2000);
            Write(CommonConfigRegisters.QueueEnable, [1, 0]);
        }
        for (ushort i = 0; i < Size; i++)
        {
            WriteDescriptor(0, i, new VirtqDescriptor(Iova + RxBuffers + (ulong)i * 0x800, 0x800, VirtqDescriptor.FlagWrite, 0));
            MakeAvailable(0, i, (ushort)(i + 1));
        }
        Write(CommonConfigRegisters.DeviceStatus,
            [(byte)(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk)]);
    }

    private static ulong Table(int queue) => (ulong)queue * 0x4000;

    private void WriteDescriptor(int queue, int index, VirtqDescriptor descriptor)
    {
        var bytes = new byte[VirtqDescriptor.Size];
        descriptor.Encode(bytes);
        _memory.Write(Table(queue) + (ulong)index * VirtqDescriptor.Size, bytes);
    }

    private void MakeAvailable(int queue, ushort head, ushort newIndex)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, head);
        _memory.Write(VirtqLayout.AvailEntry(Table(queue) + 0x1000, (newIndex - 1) % Size), b);
        BinaryPrimitives.WriteUInt16LittleEndian(b, newIndex);
        _memory.Write(Table(queue) + 0x1000 + VirtqLayout.IndexOffset, b);
    }

    private byte[] WaitForReceivedFrame(int slot)
    {
        ulong used = Table(0) + 0x2000;
        Eventually(() => BinaryPrimitives.ReadUInt16LittleEndian(_memory.Read(used + VirtqLayout.IndexOffset, 2)) > slot)
            .Should().BeTrue("a frame arrives in used slot " + slot);
        var entry = _memory.Read(VirtqLayout.UsedEntry(used, slot), VirtqLayout.UsedEntrySize);
        uint id = BinaryPrimitives.ReadUInt32LittleEndian(entry), length = BinaryPrimitives.ReadUInt32LittleEndian(entry.AsSpan(4));
        var data = _memory.Read(RxBuffers + id * 0x800UL, (int)length);
        VirtioNetHeader.Decode(data).Should().Be(VirtioNetHeader.Received);
        return data[VirtioNetHeader.Size..];
    }

    private static bool Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 250; i++)
        {
            if (condition()) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    private void Write(uint offset, byte[] data) => _client!.RegionWrite(0, offset, data);

    private void Write(int offset, byte[] data) => Write((uint)offset, data);

    private void Write32(int offset, uint value) => _client!.RegionWrite32(0, (ulong)offset, value);

    private void Write64(int offset, ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        Write(offset, b);
    }

    private byte Read8(uint offset)
    {
        var b = new byte[1];
        _client!.RegionRead(0, offset, b);
        return b[0];
    }

    private byte Read8(int offset) => Read8((uint)offset);
}
