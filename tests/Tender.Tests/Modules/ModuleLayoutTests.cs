using Solo5Net.Abi;
using System.Runtime.InteropServices;
using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Net;

namespace Solo5Net.Tests.Tender.Modules;

/// <summary>The host's view of the ring against golden bytes written out by hand from docs/hvt-abi.md §5.2
/// (not produced by the code under test), and the MAC option. The ABI structs themselves are tested in tests/Abi.Tests.</summary>
public class ModuleLayoutTests
{
    [Fact]
    public void Ring_is_49280_bytes_with_entries_at_128_and_commits_at_32896()
    {
        HvtRing.Size.Should().Be(49280);
        using var memory = new GuestMemory(2UL << 20);
        var region = memory.Region(0, HvtRing.Size);
        {
            var bytes = new byte[HvtRing.Size];
            // Guest side: ent_tail = 5 @0; entry in slot 1025 & 1023 = 1 @128 + 32.
            bytes[0] = 5;
            byte[] entry = [0x02, 0, 0, 0, 0x01, 0, 0, 0, 0x00, 0x40, 0x10, 0, 0, 0, 0, 0, 0xDC, 0x05, 0, 0, 0x07, 0, 0, 0];
            entry.CopyTo(bytes, 128 + 32);
            bytes.CopyTo(region.Bytes(0, HvtRing.Size));

            var ring = new NetRing(region);
            ring.EntTail.Should().Be(5);
            ring.ReadEntry(1025).Should().Be(new HvtRingEntry { Op = (uint)HvtRingOp.NetRead, Handle = 1, Data = 0x104000, Len = 1500, Id = 7 });

            ring.EntHead = 0x01020304;
            ring.ComTail = 9;
            ring.NeedsKick = true;
            ring.WriteCommit(1024 + 3, 7, Solo5Result.Ok, 60);
            bytes = region.Bytes(0, HvtRing.Size).ToArray();
            bytes[64..76].Should().Equal(0x04, 0x03, 0x02, 0x01, 9, 0, 0, 0, 1, 0, 0, 0);
            bytes[(32896 + 3 * 16)..(32896 + 4 * 16)].Should().Equal(7, 0, 0, 0, 0, 0, 0, 0, 60, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    [Theory]
    [InlineData("02:00:5e:10:00:42", new byte[] { 2, 0, 0x5e, 0x10, 0, 0x42 })]
    [InlineData("a:b:c:d:e:f", new byte[] { 10, 11, 12, 13, 14, 15 })]
    [InlineData("FF:FF:FF:FF:FF:FF", new byte[] { 255, 255, 255, 255, 255, 255 })]
    public void Mac_addresses_parse_as_six_hex_bytes(string text, byte[] expected)
    {
        NetMacAddress.Parse(text).Should().Equal(expected);
    }

    [Theory]
    [InlineData("02:00:5e:10:00")]
    [InlineData("02:00:5e:10:00:42:01")]
    [InlineData("02:00:5e:10:00:4g")]
    [InlineData("02:00:5e:10:00:142")]
    [InlineData("02::5e:10:00:42")]
    [InlineData("")]
    public void Malformed_mac_addresses_are_rejected(string text)
    {
        NetMacAddress.Parse(text).Should().BeNull();
    }

    [Fact]
    public void Invented_macs_are_unicast_and_locally_administered()
    {
        for (int i = 0; i < 64; i++)
        {
            var mac = NetMacAddress.RandomLocal();
            mac.Should().HaveCount(6);
            (mac[0] & 0x03).Should().Be(0x02);
        }
    }
}
