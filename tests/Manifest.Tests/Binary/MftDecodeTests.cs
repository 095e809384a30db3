using FluentAssertions;
using Solo5Net.Manifest;
using Solo5Net.Tests.Manifest.Support;
using Xunit;
using static Solo5Net.Tests.Manifest.Support.Bytes;

namespace Solo5Net.Tests.Manifest.Binary;

/// <summary>The tender's manifest checks (docs/hvt-abi.md §7.2), each with the detail it reports.</summary>
public sealed class MftDecodeTests
{
    private static byte[] Device(string name, uint type) => Concat(Ascii(name, 68), U32(type), Zeros(32));

    private static byte[] Manifest(uint version, uint count, params byte[][] entries) =>
        Concat([U32(version), U32(count), .. entries]);

    private static void Rejects(byte[] bytes, string detail) =>
        FluentActions.Invoking(() => Mft.Decode(bytes)).Should().Throw<ManifestInvalidException>()
            .Where(e => e.Message == "Solo5 manifest is invalid" && e.Detail == detail);

    [Fact]
    public void Accepts_the_smallest_manifest() =>
        Mft.Decode(TestImage.EmptyMft()).Entries.Should().ContainSingle().Which.Type.Should().Be(MftDeviceType.ReservedFirst);

    [Fact]
    public void Shorter_than_the_header() => Rejects(Hex("01 00 00 00 01 00 00"), "manifest is 7 bytes, smaller than its 8-byte header");

    [Fact]
    public void Wrong_version() => Rejects(Manifest(2, 1, TestImage.EmptyMft()[8..]), "version 2, expected 1");

    [Fact]
    public void More_than_64_entries() => Rejects(Manifest(1, 65), "65 entries, maximum 64");

    [Fact]
    public void Size_not_matching_the_entry_count() =>
        Rejects(Manifest(1, 2, TestImage.EmptyMft()[8..]), "manifest is 112 bytes but 2 entries need 216");

    [Fact]
    public void No_entries() => Rejects(Manifest(1, 0), "no entries (the reserved first entry is missing)");

    [Fact]
    public void First_entry_of_another_type() =>
        Rejects(Manifest(1, 1, Device("", 1)), "entry 0 is not the reserved first entry (type 0x1)");

    [Fact]
    public void First_entry_with_a_name() =>
        Rejects(Manifest(1, 1, Device("x", 0x40000000)), "entry 0 is not the reserved first entry (type 0x40000000)");

    [Fact]
    public void A_name_without_its_terminating_nul()
    {
        var entry = Device(new string('a', 67), 1);
        entry[67] = (byte)'b';
        Rejects(Manifest(1, 2, Device("", 0x40000000), entry), "entry 1: name is not NUL-terminated");
    }

    [Fact]
    public void An_attached_entry()
    {
        var entry = Device("disk", 1);
        entry[96] = 2;
        Rejects(Manifest(1, 2, Device("", 0x40000000), entry), "entry 1 ('disk'): attached is set in the image");
    }

    [Fact]
    public void Unknown_types_and_odd_names_are_the_tender_s_business_not_the_codec_s()
    {
        var mft = Mft.Decode(Manifest(1, 3, Device("", 0x40000000), Device("a-b c", 77), Device("a-b c", 77)));
        mft.Entries.Should().HaveCount(3);
        mft.Find("a-b c", 77).Should().Be(1);
    }

    [Fact]
    public void Accepts_the_largest_manifest()
    {
        var entries = Enumerable.Range(0, 63).Select(i => Device("storage" + i, 1));
        var mft = Mft.Decode(Manifest(1, 64, [Device("", 0x40000000), .. entries]));
        mft.Entries.Should().HaveCount(64);
        mft.Find("storage62", MftDeviceType.BlockBasic).Should().Be(63);
    }
}
