using FluentAssertions;
using Solo5Net.Manifest;
using Xunit;

namespace Solo5Net.Tests.Manifest.Binary;

public sealed class MftEntryTests
{
    [Fact]
    public void Find_matches_name_and_type_and_returns_the_handle()
    {
        var mft = Mft.Create([
            new MftEntry("storage", MftDeviceType.BlockBasic),
            new MftEntry("net0", MftDeviceType.NetBasic),
            new MftEntry("storage", MftDeviceType.NetBasic),
        ]);
        mft.Find("storage", MftDeviceType.BlockBasic).Should().Be(1);
        mft.Find("storage", MftDeviceType.NetBasic).Should().Be(3);
        mft.Find("net0", MftDeviceType.BlockBasic).Should().Be(-1);
        mft.Find("net", MftDeviceType.NetBasic).Should().Be(-1);
        mft.Find("net00", MftDeviceType.NetBasic).Should().Be(-1);
        mft.Find("NET0", MftDeviceType.NetBasic).Should().Be(-1);
    }

    [Fact]
    public void Names_longer_than_the_field_compare_over_68_bytes_only()
    {
        var name = new string('x', 67);
        var mft = Mft.Create([new MftEntry(name, MftDeviceType.BlockBasic)]);
        mft.Find(name, MftDeviceType.BlockBasic).Should().Be(1);
        mft.Find(name + "x", MftDeviceType.BlockBasic).Should().Be(-1);
    }

    [Fact]
    public void A_name_of_68_characters_cannot_be_stored()
    {
        FluentActions.Invoking(() => new MftEntry(new string('x', 68), 1)).Should().Throw<ManifestException>()
            .WithMessage("device name 'xxx*' is longer than 67 characters");
    }

    [Fact]
    public void A_name_with_a_nul_cannot_be_stored()
    {
        FluentActions.Invoking(() => new MftEntry("a\0b", 1)).Should().Throw<ManifestException>();
    }

    [Fact]
    public void Setting_a_shorter_name_clears_the_old_one()
    {
        var e = new MftEntry("longname", 1) { Name = "ab" };
        e.NameField.ToArray().Skip(2).Should().OnlyContain(b => b == 0);
        e.Name.Should().Be("ab");
    }

    [Fact]
    public void A_mac_must_be_six_bytes()
    {
        var e = new MftEntry("n", MftDeviceType.NetBasic);
        FluentActions.Invoking(() => e.NetMac = new byte[5]).Should().Throw<ManifestException>();
    }

    [Fact]
    public void Encode_refuses_more_than_64_entries()
    {
        var mft = Mft.Create(Enumerable.Range(0, 64).Select(i => new MftEntry("d" + i, 1)));
        FluentActions.Invoking(() => mft.Encode()).Should().Throw<ManifestException>()
            .WithMessage("a manifest holds 1 to 64 entries, not 65");
    }

    [Fact]
    public void Clone_is_independent()
    {
        var a = new MftEntry("a", MftDeviceType.BlockBasic);
        var b = a.Clone();
        b.Attached = true;
        a.Attached.Should().BeFalse();
    }
}
