using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.DevEmu.Dma;
using Solo5Net.DevEmu.E1000;
using Solo5Net.Tests.DevEmu.Virtio;
using Solo5Net.VfioUser;
using Xunit;

namespace Solo5Net.Tests.DevEmu;

/// <summary>The 82540EM model on its own: registers, rings in real shared memory, a fake wire.</summary>
public sealed class E1000ModelTests : IDisposable
{
    private const ulong Iova = 0x1_0000_0000, RxRing = Iova, TxRing = Iova + 0x800, RxBuffers = Iova + 0x1000, TxBuffers = Iova + 0x8000;
    private static readonly MacAddress Mac = MacAddress.ParseOrRandom("02:00:00:00:00:02");

    private readonly ClientMemory _memory = new(0x10000);
    private readonly DmaSpace _dma = new();
    private readonly RecordingPort _port = new();
    private readonly E1000Device _nic;

    public E1000ModelTests()
    {
        _dma.Map(new DmaMapRequest(DmaProtection.Read | DmaProtection.Write, 0, Iova, _memory.Size), _memory.Fd).Should().Be(0);
        _nic = new E1000Device(_dma, _port, Mac);
    }

    public void Dispose()
    {
        _nic.Dispose();
        _dma.Dispose();
        _memory.Dispose();
    }

    [Fact]
    public void Reset_values_mac_and_eeprom()
    {
        _nic.ReadRegister(Reg.CTRL).Should().Be(0x00140200, "SWDPIN0/2 and 1000 Mb/s, without SLU");
        _nic.ReadRegister(Reg.STATUS).Should().Be(0x80080781, "full duplex at 1000 Mb/s, no link before SLU");
        _nic.ReadRegister(Reg.PBA).Should().Be(0x00100030);
        _nic.ReadRegister(Reg.RAL0).Should().Be(0x00000002);
        _nic.ReadRegister(Reg.RAH0).Should().Be(0x80000200, "MAC bytes 4-5 and address valid");
        _nic.ReadRegister(Reg.RCTL).Should().Be(0);
        var words = Enumerable.Range(0, 64).Select(i => ReadEeprom(i)).ToArray();
        words[..3].Should().Equal(0x0002, 0x0000, 0x0200);
        words.Aggregate(0, (sum, w) => (sum + w) & 0xFFFF).Should().Be(0xBABA);
    }

    [Fact]
    public void Set_link_up_raises_lsc_and_icr_clears_on_read()
    {
        _nic.WriteRegister(Reg.IMS, Reg.ICR_LSC);
        _nic.WriteRegister(Reg.CTRL, _nic.ReadRegister(Reg.CTRL) | Reg.CTRL_SLU);
        _nic.ReadRegister(Reg.STATUS).Should().Be(0x80080783);
        _nic.Interrupts.IntxLevel.Should().BeTrue();
        _nic.ReadRegister(Reg.ICR).Should().Be(Reg.ICR_LSC);
        _nic.ReadRegister(Reg.ICR).Should().Be(0);
        _nic.Interrupts.IntxLevel.Should().BeFalse();
    }

    [Fact]
    public void Interrupt_follows_icr_and_ims()
    {
        _nic.WriteRegister(Reg.ICS, Reg.ICR_RXT0);
        _nic.Interrupts.IntxLevel.Should().BeFalse("masked");
        _nic.WriteRegister(Reg.IMS, Reg.ICR_RXT0);
        _nic.Interrupts.IntxLevel.Should().BeTrue();
        _nic.WriteRegister(Reg.IMC, Reg.ICR_RXT0);
        _nic.Interrupts.IntxLevel.Should().BeFalse();
        _nic.ReadRegister(Reg.IMS).Should().Be(0);
    }

    [Fact]
    public void Ctrl_rst_resets_registers()
    {
        _nic.WriteRegister(Reg.CTRL, Reg.CTRL_SLU);
        _nic.WriteRegister(Reg.RCTL, Reg.RCTL_EN);
        _nic.WriteRegister(Reg.RAL0, 0x12345678);
        _nic.WriteRegister(Reg.CTRL, Reg.CTRL_RST);
        _nic.ReadRegister(Reg.RCTL).Should().Be(0);
        _nic.ReadRegister(Reg.RAL0).Should().Be(0x00000002);
        (_nic.ReadRegister(Reg.CTRL) & Reg.CTRL_RST).Should().Be(0, "RST clears itself");
        _nic.LinkUp.Should().BeFalse();
    }

    [Fact]
    public void Unimplemented_registers_read_zero_and_ignore_writes()
    {
        _nic.WriteRegister(0x1F000, 0xFFFFFFFF);
        _nic.ReadRegister(0x1F000).Should().Be(0);
        _nic.WriteRegister(Reg.RDLEN, 0x12345);
        _nic.ReadRegister(Reg.RDLEN).Should().Be(0x12300, "ring lengths are multiples of 128");
    }

    [Fact]
    public void Io_bar_reaches_registers_through_ioaddr_and_iodata()
    {
        _nic.WriteBar(1, 0, BitConverter.GetBytes((uint)Reg.RAL0));
        var value = new byte[4];
        _nic.ReadBar(1, 4, value);
        BitConverter.ToUInt32(value).Should().Be(0x00000002);
        _nic.WriteBar(1, 0, BitConverter.GetBytes((uint)Reg.IMS));
        _nic.WriteBar(1, 4, BitConverter.GetBytes(Reg.ICR_RXT0));
        _nic.ReadRegister(Reg.IMS).Should().Be(Reg.ICR_RXT0);
    }

    [Fact]
    public void Narrow_and_unaligned_reads_see_the_right_bytes()
    {
        var two = new byte[2];
        _nic.ReadBar(0, Reg.RAH0, two);
        two.Should().Equal(0x00, 0x02);
        var six = new byte[6];
        _nic.ReadBar(0, Reg.RAL0 + 2, six);
        six.Should().Equal(0, 0, 0x00, 0x02, 0x00, 0x80);
    }

    [Fact]
    public void Phy_ids_through_mdic()
    {
        _nic.WriteRegister(Reg.MDIC, (2u << 26) | (1u << 21) | (2u << 16));
        _nic.ReadRegister(Reg.MDIC).Should().Be(0x1000_0000 | (2u << 26) | (1u << 21) | (2u << 16) | 0x0141);
    }

    [Fact]
    public void Transmit_gathers_buffers_until_eop_and_writes_dd_back()
    {
        var frame = TestFrames.Udp(dst: [2, 0, 0, 0, 0, 1], src: [2, 0, 0, 0, 0, 2], payload: new byte[100]);
        _memory.Write(0x8000, frame.AsSpan(0, 20));
        _memory.Write(0x9000, frame.AsSpan(20));
        WriteTxDescriptor(0, TxBuffers, 20, cmd: 0x00);
        WriteTxDescriptor(1, TxBuffers + 0x1000, (ushort)(frame.Length - 20), cmd: 0x01 | 0x02 | 0x08);
        SetUpTransmit();
        _nic.WriteRegister(Reg.TDT, 2);
        _port.Sent.Should().ContainSingle().Which.Should().Equal(frame);
        _nic.ReadRegister(Reg.TDH).Should().Be(2);
        _memory.Read(0x800 + 16 + 12, 1)[0].Should().Be(0x01, "DD on the RS descriptor");
        _memory.Read(0x800 + 12, 1)[0].Should().Be(0x00, "no RS, no write-back");
        (_nic.ReadRegister(Reg.ICR) & (Reg.ICR_TXDW | Reg.ICR_TXQE)).Should().Be(Reg.ICR_TXDW | Reg.ICR_TXQE);
        _nic.ReadRegister(Reg.GPTC).Should().Be(1);
    }

    [Fact]
    public void Transmit_consumes_context_descriptors_and_sends_extended_data_descriptors()
    {
        var frame = TestFrames.Udp(dst: [2, 0, 0, 0, 0, 1], src: [2, 0, 0, 0, 0, 2], payload: new byte[40]);
        _memory.Write(0x8000, frame);
        WriteTxDescriptor(0, 0, 0, cmd: 0x20 | 0x08);                                  // context: DEXT | RS
        var data = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(data, TxBuffers);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), 0x0010_0000u | (uint)frame.Length | (0x20u | 0x08 | 0x01) << 24);
        _memory.Write(0x800 + 16, data);                                               // data: DTYP 1, DEXT | RS | EOP
        SetUpTransmit();
        _nic.WriteRegister(Reg.TDT, 2);
        _port.Sent.Should().ContainSingle().Which.Should().Equal(frame);
        _memory.Read(0x800 + 12, 1)[0].Should().Be(0x01);
        _memory.Read(0x800 + 16 + 12, 1)[0].Should().Be(0x01);
    }

    [Fact]
    public void A_frame_split_across_tail_updates_is_sent_once_complete()
    {
        var frame = TestFrames.Udp(dst: [2, 0, 0, 0, 0, 1], src: [2, 0, 0, 0, 0, 2], payload: new byte[64]);
        _memory.Write(0x8000, frame);
        WriteTxDescriptor(0, TxBuffers, 30, cmd: 0x00);
        WriteTxDescriptor(1, TxBuffers + 30, (ushort)(frame.Length - 30), cmd: 0x01);
        SetUpTransmit();
        _nic.WriteRegister(Reg.TDT, 1);
        _port.Sent.Should().BeEmpty();
        _nic.WriteRegister(Reg.TDT, 2);
        _port.Sent.Should().ContainSingle().Which.Should().Equal(frame);
    }

    [Fact]
    public void Transmit_waits_for_tctl_en()
    {
        var frame = TestFrames.Udp(dst: [2, 0, 0, 0, 0, 1], src: [2, 0, 0, 0, 0, 2], payload: new byte[20]);
        _memory.Write(0x8000, frame);
        WriteTxDescriptor(0, TxBuffers, (ushort)frame.Length, cmd: 0x01);
        SetUpTransmit();
        _nic.WriteRegister(Reg.TCTL, 0);
        _nic.WriteRegister(Reg.TDT, 1);
        _port.Sent.Should().BeEmpty();
        _nic.WriteRegister(Reg.TCTL, Reg.TCTL_EN);
        _port.Sent.Should().ContainSingle();
    }

    [Fact]
    public void Transmit_pads_short_frames_when_psp()
    {
        var frame = TestFrames.Udp(dst: [2, 0, 0, 0, 0, 1], src: [2, 0, 0, 0, 0, 2], payload: []);
        _memory.Write(0x8000, frame);
        WriteTxDescriptor(0, TxBuffers, (ushort)frame.Length, cmd: 0x01 | 0x08);
        SetUpTransmit();
        _nic.WriteRegister(Reg.TDT, 1);
        _port.Sent.Single().Length.Should().Be(60);
    }

    [Fact]
    public void Transmit_descriptor_outside_dma_memory_sends_nothing_and_does_not_advance()
    {
        SetUpTransmit();
        _nic.WriteRegister(Reg.TDBAL, 0x2000_0000);
        _nic.WriteRegister(Reg.TDBAH, 0);
        _nic.WriteRegister(Reg.TDT, 3);
        _port.Sent.Should().BeEmpty();
        _nic.ReadRegister(Reg.TDH).Should().Be(0);
    }

    [Fact]
    public void Receive_fills_the_descriptor_at_head_with_dd_and_eop()
    {
        SetUpReceive(tail: 7, rctl: Reg.RCTL_EN | Reg.RCTL_BAM | Reg.RCTL_SECRC);
        var frame = TestFrames.Udp(dst: [2, 0, 0, 0, 0, 2], src: [2, 0, 0, 0, 0, 1], payload: new byte[200]);
        _nic.DeliverFrame(frame);
        var descriptor = _memory.Read(0, 16);
        BinaryPrimitives.ReadUInt16LittleEndian(descriptor.AsSpan(8)).Should().Be((ushort)frame.Length);
        descriptor[12].Should().Be(0x03, "DD | EOP");
        _memory.Read(0x1000, frame.Length).Should().Equal(frame);
        _nic.ReadRegister(Reg.RDH).Should().Be(1);
        (_nic.ReadRegister(Reg.ICR) & Reg.ICR_RXT0).Should().Be(Reg.ICR_RXT0);
    }

    [Fact]
    public void Receive_pads_to_60_and_appends_the_fcs_unless_stripped()
    {
        SetUpReceive(tail: 7, rctl: Reg.RCTL_EN | Reg.RCTL_BAM);
        var frame = TestFrames.Udp(dst: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], src: [2, 0, 0, 0, 0, 1], payload: [1, 2]);
        _nic.DeliverFrame(frame);
        BinaryPrimitives.ReadUInt16LittleEndian(_memory.Read(8, 2)).Should().Be(64);
        var received = _memory.Read(0x1000, 64);
        BinaryPrimitives.ReadUInt32LittleEndian(received.AsSpan(60)).Should().Be(EthernetFcs.Compute(received.AsSpan(0, 60)));
        EthernetFcs.Compute("123456789"u8).Should().Be(0xCBF43926, "the standard CRC-32 check value");
    }

    [Fact]
    public void Receive_spreads_a_frame_over_small_buffers_with_eop_only_on_the_last()
    {
        SetUpReceive(tail: 7, rctl: Reg.RCTL_EN | Reg.RCTL_SECRC | (3u << 16));  // 256-byte buffers
        var frame = TestFrames.Udp(dst: [2, 0, 0, 0, 0, 2], src: [2, 0, 0, 0, 0, 1], payload: new byte[600]);
        _nic.DeliverFrame(frame);
        _nic.ReadRegister(Reg.RDH).Should().Be(3);
        _memory.Read(12, 1)[0].Should().Be(0x01);
        _memory.Read(16 + 12, 1)[0].Should().Be(0x01);
        _memory.Read(32 + 12, 1)[0].Should().Be(0x03);
        BinaryPrimitives.ReadUInt16LittleEndian(_memory.Read(32 + 8, 2)).Should().Be((ushort)(frame.Length - 512));
    }

    [Fact]
    public void Full_ring_drops_counts_and_never_touches_driver_descriptors()
    {
        SetUpReceive(tail: 2, rctl: Reg.RCTL_EN | Reg.RCTL_SECRC);
        _nic.WriteRegister(Reg.IMS, Reg.ICR_RXO);
        var frame = TestFrames.Udp(dst: [2, 0, 0, 0, 0, 2], src: [2, 0, 0, 0, 0, 1], payload: new byte[10]);
        var driverOwned = _memory.Read(2 * 16, 16 * 6);
        var driverBuffer = _memory.Read(0x1000 + 2 * 0x800, 0x800);
        for (int i = 0; i < 5; i++) _nic.DeliverFrame(frame);
        _nic.ReadRegister(Reg.RDH).Should().Be(2, "head stops at tail");
        _memory.Read(2 * 16, 16 * 6).Should().Equal(driverOwned, "descriptors 2..7 belong to the driver");
        _memory.Read(0x1000 + 2 * 0x800, 0x800).Should().Equal(driverBuffer);
        _nic.ReadRegister(Reg.MPC).Should().Be(3);
        _nic.ReadRegister(Reg.MPC).Should().Be(0, "statistics clear on read");
        (_nic.ReadRegister(Reg.ICR) & Reg.ICR_RXO).Should().Be(Reg.ICR_RXO);
        _nic.Counters().Should().Contain(("rx-no-descriptor", 3));
    }

    [Fact]
    public void No_receive_without_enable_link_or_matching_address()
    {
        SetUpReceive(tail: 7, rctl: Reg.RCTL_SECRC);
        var mine = TestFrames.Udp(dst: [2, 0, 0, 0, 0, 2], src: [2, 0, 0, 0, 0, 1], payload: []);
        _nic.DeliverFrame(mine);
        _nic.WriteRegister(Reg.RCTL, Reg.RCTL_EN | Reg.RCTL_SECRC);
        _nic.DeliverFrame(TestFrames.Udp(dst: [2, 0, 0, 0, 0, 9], src: [2, 0, 0, 0, 0, 1], payload: []));
        _nic.DeliverFrame(TestFrames.Udp(dst: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], src: [2, 0, 0, 0, 0, 1], payload: []));
        _nic.DeliverFrame(TestFrames.Udp(dst: [0x01, 0x00, 0x5E, 0x00, 0x00, 0x01], src: [2, 0, 0, 0, 0, 1], payload: []));
        _nic.WriteRegister(Reg.CTRL, 0);
        _nic.DeliverFrame(mine);
        _nic.ReadRegister(Reg.RDH).Should().Be(0);
        _nic.WriteRegister(Reg.CTRL, Reg.CTRL_SLU);
        _nic.WriteRegister(Reg.MTA + 4 * (0x010 >> 5), 1u << (0x010 & 31));   // hash of 01:00:5e:00:00:01 with MO=0
        _nic.DeliverFrame(TestFrames.Udp(dst: [0x01, 0x00, 0x5E, 0x00, 0x00, 0x01], src: [2, 0, 0, 0, 0, 1], payload: []));
        _nic.DeliverFrame(mine);
        _nic.ReadRegister(Reg.RDH).Should().Be(2);
    }

    private ushort ReadEeprom(int address)
    {
        _nic.WriteRegister(Reg.EERD, (uint)(address << 8) | Reg.EERD_START);
        uint value = _nic.ReadRegister(Reg.EERD);
        (value & Reg.EERD_DONE).Should().Be(Reg.EERD_DONE);
        return (ushort)(value >> 16);
    }

    private void SetUpTransmit()
    {
        _nic.WriteRegister(Reg.TDBAL, unchecked((uint)TxRing));
        _nic.WriteRegister(Reg.TDBAH, (uint)(TxRing >> 32));
        _nic.WriteRegister(Reg.TDLEN, 128);
        _nic.WriteRegister(Reg.TDH, 0);
        _nic.WriteRegister(Reg.TDT, 0);
        _nic.WriteRegister(Reg.TCTL, Reg.TCTL_EN | Reg.TCTL_PSP);
    }

    private void SetUpReceive(uint tail, uint rctl)
    {
        _nic.WriteRegister(Reg.CTRL, Reg.CTRL_SLU);
        for (int i = 0; i < 8; i++)
        {
            var descriptor = new byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(descriptor, RxBuffers + (ulong)i * 0x800);
            _memory.Write((ulong)i * 16, descriptor);
        }
        _nic.WriteRegister(Reg.RDBAL, unchecked((uint)RxRing));
        _nic.WriteRegister(Reg.RDBAH, (uint)(RxRing >> 32));
        _nic.WriteRegister(Reg.RDLEN, 128);
        _nic.WriteRegister(Reg.RDH, 0);
        _nic.WriteRegister(Reg.RDT, tail);
        _nic.WriteRegister(Reg.RCTL, rctl);
    }

    private void WriteTxDescriptor(int index, ulong buffer, ushort length, byte cmd)
    {
        var descriptor = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor, buffer);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor.AsSpan(8), length);
        descriptor[11] = cmd;
        _memory.Write(0x800 + (ulong)index * 16, descriptor);
    }
}
