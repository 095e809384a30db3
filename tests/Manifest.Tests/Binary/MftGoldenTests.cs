using FluentAssertions;
using Solo5Net.Manifest;
using Xunit;
using static Solo5Net.Tests.Manifest.Support.Bytes;

namespace Solo5Net.Tests.Manifest.Binary;

/// <summary>Expected bytes written out by hand from docs/hvt-abi.md §7.1 and docs/abi.md §2.</summary>
public sealed class MftGoldenTests
{
    private static readonly byte[] Reserved = Concat(Zeros(68), Hex("00 00 00 40"), Zeros(16), Zeros(8), Zeros(8));

    // "storage", BLOCK_BASIC, capacity 4 MiB, block size 4096, fd 7, attached.
    private static readonly byte[] Block = Concat(
        Hex("73 74 6f 72 61 67 65"), Zeros(61),
        Hex("01 00 00 00"),
        Hex("00 00 40 00 00 00 00 00 | 00 10 | 00 00 00 00 00 00"),
        Hex("07 00 00 00 00 00 00 00"),
        Hex("01"), Zeros(7));

    // "net0", NET_BASIC, MAC 02:00:5e:10:20:30, MTU 1500, fd 9, attached.
    private static readonly byte[] Net = Concat(
        Hex("6e 65 74 30"), Zeros(64),
        Hex("02 00 00 00"),
        Hex("02 00 5e 10 20 30 | dc 05 | 00 00 00 00 00 00 00 00"),
        Hex("09 00 00 00 00 00 00 00"),
        Hex("01"), Zeros(7));

    // "nic", PCI_BASIC, vendor 0x8086, device 0x100e, class any, subclass 0x00, dma 10 MiB, not attached.
    private static readonly byte[] Pci = Concat(
        Hex("6e 69 63"), Zeros(65),
        Hex("03 00 00 00"),
        Hex("86 80 | 0e 10 | ff | 00 | 00 00 | 00 00 a0 00 00 00 00 00"),
        Zeros(8),
        Zeros(8));

    private static readonly byte[] Golden = Concat(Hex("01 00 00 00 04 00 00 00"), Reserved, Block, Net, Pci);

    private static Mft Built()
    {
        var block = new MftEntry("storage", MftDeviceType.BlockBasic) { BlockCapacity = 4 << 20, BlockSize = 4096, B = 7, Attached = true };
        var net = new MftEntry("net0", MftDeviceType.NetBasic) { NetMac = Hex("02 00 5e 10 20 30"), NetMtu = 1500, B = 9, Attached = true };
        var pci = new MftEntry("nic", MftDeviceType.PciBasic)
        {
            VendorId = 0x8086, DeviceId = 0x100e, ClassCode = MftEntry.AnyClass, Subclass = 0x00, DmaMin = 10 << 20,
        };
        return Mft.Create([block, net, pci]);
    }

    [Fact]
    public void Encodes_every_entry_type_to_the_golden_bytes()
    {
        Golden.Should().HaveCount(8 + 4 * 104);
        Built().Encode().Should().Equal(Golden);
    }

    [Fact]
    public void Each_entry_alone_matches_its_golden_bytes()
    {
        var built = Built();
        built.Entries[0].Bytes.ToArray().Should().Equal(Reserved);
        built.Entries[1].Bytes.ToArray().Should().Equal(Block);
        built.Entries[2].Bytes.ToArray().Should().Equal(Net);
        built.Entries[3].Bytes.ToArray().Should().Equal(Pci);
    }

    [Fact]
    public void Typed_accessors_read_the_golden_bytes()
    {
        var block = MftEntry.FromBytes(Block);
        block.Name.Should().Be("storage");
        block.Type.Should().Be(MftDeviceType.BlockBasic);
        block.BlockCapacity.Should().Be(0x400000);
        block.BlockSize.Should().Be(4096);
        block.B.Should().Be(7);
        block.Attached.Should().BeTrue();

        var net = MftEntry.FromBytes(Net);
        net.NetMac.Should().Equal(0x02, 0x00, 0x5e, 0x10, 0x20, 0x30);
        net.NetMtu.Should().Be(1500);

        var pci = MftEntry.FromBytes(Pci);
        pci.VendorId.Should().Be(0x8086);
        pci.DeviceId.Should().Be(0x100e);
        pci.ClassCode.Should().Be(0xff);
        pci.Subclass.Should().Be(0);
        pci.DmaMin.Should().Be(10UL << 20);
        pci.U.ToArray().Should().Equal(Hex("86 80 0e 10 ff 00 00 00 00 00 a0 00 00 00 00 00"));
    }

    [Fact]
    public void An_image_manifest_decodes_and_encodes_back_bit_for_bit()
    {
        // Images never carry attached entries; padding bytes after the name's NUL must survive too.
        var net = (byte[])Net.Clone();
        net[96] = 0;
        net[10] = 0x55;   // after the NUL of "net0": ignored by lookups, kept by the codec
        var bytes = Concat(Hex("01 00 00 00 03 00 00 00"), Reserved, net, Pci);

        var mft = Mft.Decode(bytes);

        mft.Entries.Should().HaveCount(3);
        mft.Entries[1].Name.Should().Be("net0");
        mft.Find("net0", MftDeviceType.NetBasic).Should().Be(1);
        mft.Encode().Should().Equal(bytes);
    }
}
