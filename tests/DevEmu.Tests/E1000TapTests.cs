using System.Buffers.Binary;
using System.Text;
using FluentAssertions;
using Solo5Net.DevEmu.E1000;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>
/// hvt-devemu e1000 on a real tap inside a private network namespace, driven over vfio-user like a
/// guest driver would: rings in a memfd shared with DMA_MAP, the kernel on the other side of the tap.
/// </summary>
public sealed class E1000TapTests : IDisposable
{
    private const string TapName = "s5t0", DeviceMac = "02:00:00:00:00:02";
    private const ulong Iova = 0x1_0000_0000;
    private const ulong RxRing = 0x0, TxRing = 0x800, RxBuffers = 0x1000, TxBuffer = 0x8000;
    private static readonly byte[] DeviceMacBytes = [2, 0, 0, 0, 0, 2];

    private readonly NetNamespace? _ns;
    private readonly DevEmuServer? _server;
    private readonly VfioUserClient? _client;
    private readonly ClientMemory _memory = new(0x10000);
    private readonly FileDescriptor _interrupt = Eventfd.Create();

    public E1000TapTests()
    {
        if (!TestEnvironment.IsRoot) return;
        try
        {
            (_ns, _server, _client) = Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private (NetNamespace, DevEmuServer, VfioUserClient) Start()
    {
        var (ns, server, client) = TapDeviceRig.Start("e1000", TapName, "10.11.0.1/24", "10.11.0.2", DeviceMac, _memory, Iova, _interrupt);
        try
        {
            client.RegionRead32(PciRegion.Config, 0).Should().Be(0x100E8086);
            return (ns, server, client);
        }
        catch
        {
            client.Dispose();
            server.Dispose();
            ns.Dispose();
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
    public void Frame_sent_into_the_tap_lands_in_the_rx_ring_with_dd_and_eop()
    {
        BringUp(rxTail: 7);
        Write(Reg.IMS, Reg.ICR_RXT0);
        _ns!.Exec("bash", "-c", "echo -n hello-e1000 > /dev/udp/10.11.0.2/7777");
        var frame = WaitForReceivedFrame(0);
        frame[..6].Should().Equal(DeviceMacBytes);
        BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)).Should().Be(0x0800);
        frame[14 + 9].Should().Be(17, "UDP");
        Encoding.ASCII.GetString(frame, 42, 11).Should().Be("hello-e1000");
        Read(Reg.RDH).Should().Be(1);
        UnixSocket.WaitReadable(_interrupt.Number, 5000).Should().BeTrue("RXT0 is enabled in IMS");
        (Read(Reg.ICR) & Reg.ICR_RXT0).Should().Be(Reg.ICR_RXT0);
    }

    [RootFact]
    public void Frame_placed_in_the_tx_ring_reaches_the_tap_and_the_kernel_answers_it()
    {
        BringUp(rxTail: 7);
        byte[] tapMac = Convert.FromHexString(_ns!.Exec("cat", $"/sys/class/net/{TapName}/address").Stdout.Trim().Replace(":", ""));
        long before = TapReceivedPackets();
        var frame = TestFrames.Udp(dst: tapMac, src: DeviceMacBytes, payload: Encoding.ASCII.GetBytes("ping-from-e1000"));
        _memory.Write(TxBuffer, frame);
        var descriptor = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor, Iova + TxBuffer);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor.AsSpan(8), (ushort)frame.Length);
        descriptor[11] = 0x01 | 0x02 | 0x08;  // EOP | IFCS | RS
        _memory.Write(TxRing, descriptor);
        Write(Reg.TDT, 1);

        _memory.Read(TxRing + 12, 1)[0].Should().Be(0x01, "DD written back");
        Read(Reg.TDH).Should().Be(1);
        Eventually(() => TapReceivedPackets() > before).Should().BeTrue("the kernel saw the frame on the tap");
        var reply = WaitForReceivedFrame(0);
        reply[14 + 9].Should().Be(1, "ICMP");
        reply.AsSpan(30, 4).ToArray().Should().Equal(10, 11, 0, 2);
        reply[34].Should().Be(3, "destination unreachable");
        reply[35].Should().Be(3, "port unreachable: the kernel parsed our UDP datagram");
    }

    [RootFact]
    public void Frames_arriving_with_a_full_ring_are_dropped_and_counted()
    {
        BringUp(rxTail: 0);
        var before = _memory.Read(RxRing, 128);
        for (int i = 0; i < 3; i++) _ns!.Exec("bash", "-c", $"echo -n drop-{i} > /dev/udp/10.11.0.2/7777");
        long missed = 0;
        Eventually(() => (missed += Read(Reg.MPC)) >= 3).Should().BeTrue("MPC counts the missed frames");
        missed.Should().Be(3);
        _memory.Read(RxRing, 128).Should().Equal(before, "no descriptor the driver owns is written");
        Read(Reg.RDH).Should().Be(0);
        _client!.Dispose();
        _server!.WaitForClientToLeave().Should().BeTrue();
        _server.Stderr.Should().Contain("rx-no-descriptor=3").And.Contain("frames-in=3");
    }

    private void BringUp(uint rxTail)
    {
        Write(Reg.CTRL, Reg.CTRL_SLU);
        (Read(Reg.STATUS) & Reg.STATUS_LU).Should().Be(Reg.STATUS_LU);
        for (int i = 0; i < 8; i++)
        {
            var descriptor = new byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(descriptor, Iova + RxBuffers + (ulong)i * 0x800);
            _memory.Write(RxRing + (ulong)i * 16, descriptor);
        }
        Write(Reg.RDBAL, unchecked((uint)(Iova + RxRing)));
        Write(Reg.RDBAH, (uint)((Iova + RxRing) >> 32));
        Write(Reg.RDLEN, 128);
        Write(Reg.RDH, 0);
        Write(Reg.RDT, rxTail);
        Write(Reg.TDBAL, unchecked((uint)(Iova + TxRing)));
        Write(Reg.TDBAH, (uint)((Iova + TxRing) >> 32));
        Write(Reg.TDLEN, 128);
        Write(Reg.TDH, 0);
        Write(Reg.TDT, 0);
        Write(Reg.TCTL, Reg.TCTL_EN | Reg.TCTL_PSP);
        Write(Reg.RCTL, Reg.RCTL_EN | Reg.RCTL_BAM | Reg.RCTL_SECRC);
    }

    private byte[] WaitForReceivedFrame(int index)
    {
        ulong at = RxRing + (ulong)index * 16;
        Eventually(() => (_memory.Read(at + 12, 1)[0] & 0x01) != 0).Should().BeTrue("a frame arrives in descriptor " + index);
        var descriptor = _memory.Read(at, 16);
        descriptor[12].Should().Be(0x03, "DD | EOP");
        int length = BinaryPrimitives.ReadUInt16LittleEndian(descriptor.AsSpan(8));
        return _memory.Read(RxBuffers + (ulong)index * 0x800, length);
    }

    private long TapReceivedPackets() =>
        long.Parse(_ns!.Exec("cat", $"/sys/class/net/{TapName}/statistics/rx_packets").Stdout.Trim());

    private static bool Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 250; i++)
        {
            if (condition()) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    private void Write(int register, uint value) => _client!.RegionWrite32(0, (ulong)register, value);

    private uint Read(int register) => _client!.RegionRead32(0, (ulong)register);
}
