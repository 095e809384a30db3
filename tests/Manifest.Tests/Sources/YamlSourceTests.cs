using FluentAssertions;
using Solo5Net.Manifest;
using Xunit;

namespace Solo5Net.Tests.Manifest.Sources;

public sealed class YamlSourceTests
{
    private static ManifestModel Yaml(string text) => ManifestSource.Parse(text, "app.yaml", ManifestSourceFormat.Yaml);

    private static void Fails(string text, string message) =>
        FluentActions.Invoking(() => Yaml(text)).Should().Throw<ManifestSourceException>().WithMessage(message);

    private const string Example = """
        version: 1
        devices:
          - name: net0
            type: PCI_BASIC
            match: { vendor: 0x8086, device: 0x100e }   # also class:, subclass:
            dma: 10M
          - name: storage
            type: BLOCK_BASIC
        """;

    [Fact]
    public void The_example_manifest_loads()
    {
        var model = Yaml(Example);
        model.Devices.Should().HaveCount(2);
        var net = model.Devices[0];
        net.Should().BeEquivalentTo(new { Name = "net0", Type = MftDeviceType.PciBasic, Line = 3, DmaMin = 10UL << 20 });
        net.Match.Should().Be(new PciMatch(0x8086, 0x100e, null, null));
        model.Devices[1].Should().BeEquivalentTo(new { Name = "storage", Type = MftDeviceType.BlockBasic, Line = 7 });
    }

    [Fact]
    public void The_model_becomes_the_binary_manifest()
    {
        var mft = Yaml(Example).ToMft();
        mft.Entries.Should().HaveCount(3);
        mft.Entries[0].Type.Should().Be(MftDeviceType.ReservedFirst);
        var nic = mft.Entries[mft.Find("net0", MftDeviceType.PciBasic)];
        (nic.VendorId, nic.DeviceId, nic.ClassCode, nic.Subclass, nic.DmaMin).Should().Be(((ushort)0x8086, (ushort)0x100e, (byte)0xff, (byte)0xff, 10UL << 20));
        mft.Find("storage", MftDeviceType.BlockBasic).Should().Be(2);
        mft.Entries[2].U.ToArray().Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void Class_subclass_decimal_any_and_an_optional_type_key()
    {
        var model = Yaml("""
            type: solo5.manifest
            version: 1
            devices:
              - name: edu
                type: PCI_BASIC
                match:
                  vendor: any
                  device: 4328
                  class: 0x00
                  subclass: 0xff
                dma: 64K
            """);
        model.Devices[0].Match.Should().Be(new PciMatch(null, 4328, 0, 0xff));
        model.Devices[0].DmaMin.Should().Be(65536);
    }

    [Fact]
    public void No_devices_is_fine()
    {
        Yaml("version: 1").Devices.Should().BeEmpty();
        Yaml("version: 1\ndevices: []").Devices.Should().BeEmpty();
        Yaml("version: 1\ndevices:\n").ToMft().Encode().Should().HaveCount(8 + 104);
    }

    [Fact]
    public void Sixty_three_devices_fit_and_sixty_four_do_not()
    {
        string Devices(int n) => "version: 1\ndevices:\n" +
            string.Concat(Enumerable.Range(0, n).Select(i => $"  - name: storage{i}\n    type: BLOCK_BASIC\n"));
        Yaml(Devices(63)).ToMft().Entries.Should().HaveCount(64);
        Fails(Devices(64), "app.yaml:129: devices: too many entries, maximum 63");
    }

    [Theory]
    [InlineData("version: 1\ndevices:\n  - name: net-0\n    type: NET_BASIC",
        "app.yaml:3: devices[0].name: 'net-0' may contain only letters and digits (A-Z, a-z, 0-9)")]
    [InlineData("version: 1\ndevices:\n  - name: \"\"\n    type: NET_BASIC", "app.yaml:3: devices[0].name: must not be empty")]
    [InlineData("version: 1\ndevices:\n  - name:\n    type: NET_BASIC", "app.yaml:3: devices[0].name: must not be empty")]
    [InlineData("version: 1\ndevices:\n  - name: näme\n    type: NET_BASIC", "app.yaml:3: devices[0].name: 'näme' may contain only*")]
    [InlineData("version: 1\ndevices:\n  - type: NET_BASIC", "app.yaml:3: devices[0].name: required key is missing")]
    [InlineData("version: 1\ndevices:\n  - name: a\n    type: BLOCK_BASIC\n  - name: b\n    type: NET_BASIC\n  - name: a\n    type: NET_BASIC",
        "app.yaml:7: devices[2].name: 'a' is already declared on line 3")]
    [InlineData("version: 1\ndevices:\n  - name: a\n", "app.yaml:3: devices[0].type: required key is missing")]
    [InlineData("version: 1\ndevices:\n  - name: a\n    type: VIRTIO_NET",
        "app.yaml:4: devices[0].type: unknown device type 'VIRTIO_NET' (expected BLOCK_BASIC, NET_BASIC or PCI_BASIC)")]
    [InlineData("version: 1\ndevices:\n  - name: a\n    type: net_basic", "app.yaml:4: devices[0].type: unknown device type 'net_basic'*")]
    [InlineData("version: 1\ndevices:\n  - name: a\n    type: NET_BASIC\n    mtu: 9000",
        "app.yaml:5: devices[0].mtu: unknown key (expected name, type, match, dma, dma_bits)")]
    [InlineData("version: 1\nextra: 2", "app.yaml:2: extra: unknown key (expected type, version, devices)")]
    [InlineData("version: 1\nversion: 1", "app.yaml:2: version: duplicate key (first on line 1)")]
    [InlineData("version: 2", "app.yaml:1: version: unsupported version 2, expected 1")]
    [InlineData("version: one", "app.yaml:1: version: 'one' must be the integer 1")]
    [InlineData("devices: []", "app.yaml:1: version: required key is missing")]
    [InlineData("type: solo5.abi\nversion: 1", "app.yaml:1: type: must be \"solo5.manifest\", not \"solo5.abi\"")]
    [InlineData("version: 1\ndevices: net0", "app.yaml:2: devices: must be a list of devices")]
    [InlineData("version: 1\ndevices:\n  - net0", "app.yaml:3: devices[0]: must be a mapping with keys name and type")]
    [InlineData("- version: 1", "app.yaml:1: the manifest must be a mapping with keys version and devices")]
    [InlineData("", "app.yaml:1: the file holds no manifest")]
    public void Each_rule_names_file_line_and_field(string text, string message) => Fails(text, message);

    [Theory]
    [InlineData("    match: { vendor: 1 }", "app.yaml:5: devices[0].match: only PCI_BASIC devices take 'match'", "BLOCK_BASIC")]
    [InlineData("    dma: 1M", "app.yaml:5: devices[0].dma: only PCI_BASIC devices take 'dma'", "NET_BASIC")]
    [InlineData("    match: { vendor: 0x10000 }",
        "app.yaml:5: devices[0].match.vendor: 0x10000 is out of range: must be an integer from 0x0000 to 0xFFFF, or any", "PCI_BASIC")]
    [InlineData("    match: { class: 256 }",
        "app.yaml:5: devices[0].match.class: 0x100 is out of range: must be an integer from 0x00 to 0xFF, or any", "PCI_BASIC")]
    [InlineData("    match: { subclass: -1 }",
        "app.yaml:5: devices[0].match.subclass: '-1' must be an integer from 0x00 to 0xFF, or any", "PCI_BASIC")]
    [InlineData("    match:\n      vendor: 0x8086\n      revision: 2",
        "app.yaml:7: devices[0].match.revision: unknown key (expected vendor, device, class, subclass)", "PCI_BASIC")]
    [InlineData("    match: 0x8086", "app.yaml:5: devices[0].match: must be a mapping with keys vendor, device, class, subclass", "PCI_BASIC")]
    [InlineData("    dma: 10X", "app.yaml:5: devices[0].dma: '10X' must be a size such as 4096, 64K, 10M or 1G", "PCI_BASIC")]
    [InlineData("    dma: -1M", "app.yaml:5: devices[0].dma: '-1M' must be a size*", "PCI_BASIC")]
    [InlineData("    dma: 5G", "app.yaml:5: devices[0].dma: 5G exceeds the maximum of 4G", "PCI_BASIC")]
    [InlineData("    dma: 99999999999999999999", "app.yaml:5: devices[0].dma: '99999999999999999999' must be a size*", "PCI_BASIC")]
    [InlineData("    dma: 20000000000G", "app.yaml:5: devices[0].dma: '20000000000G' must be a size*", "PCI_BASIC")]
    [InlineData("    dma: [1]", "app.yaml:5: devices[0].dma: must be a size*", "PCI_BASIC")]
    [InlineData("    dma_bits: 32", "app.yaml:5: devices[0].dma_bits: only PCI_BASIC devices take 'dma_bits'", "BLOCK_BASIC")]
    [InlineData("    dma_bits: 23",
        "app.yaml:5: devices[0].dma_bits: 23 is out of range: must be the device's DMA address width in bits, an integer from 24 to 64", "PCI_BASIC")]
    [InlineData("    dma_bits: 65", "app.yaml:5: devices[0].dma_bits: 65 is out of range: *", "PCI_BASIC")]
    [InlineData("    dma_bits: 28M", "app.yaml:5: devices[0].dma_bits: '28M' must be the device's DMA address width in bits*", "PCI_BASIC")]
    public void Device_fields_are_checked(string line, string message, string type) =>
        Fails($"version: 1\ndevices:\n  - name: dev\n    type: {type}\n{line}", message);

    [Fact]
    public void A_dma_address_width_goes_to_byte_78_of_the_entry_and_none_leaves_it_0()
    {
        var narrow = Yaml("version: 1\ndevices:\n  - name: edu0\n    type: PCI_BASIC\n    dma: 64K\n    dma_bits: 28").ToMft();
        narrow.Entries[1].DmaBits.Should().Be(28);
        narrow.Entries[1].DmaAddressBits.Should().Be(28);
        narrow.Entries[1].U.ToArray().Should().Equal(Convert.FromHexString("FFFFFFFFFFFF1C000000010000000000"));

        var wide = Yaml("version: 1\ndevices:\n  - name: edu0\n    type: PCI_BASIC\n    dma: 64K").ToMft();
        wide.Entries[1].DmaBits.Should().Be(0);
        wide.Entries[1].DmaAddressBits.Should().Be(64, "an entry that declares no width is a 64-bit device");
    }

    [Fact]
    public void Sizes_accept_k_m_g_suffixes()
    {
        ulong Dma(string size) => Yaml($"version: 1\ndevices:\n  - name: d\n    type: PCI_BASIC\n    dma: {size}").Devices[0].DmaMin;
        Dma("4096").Should().Be(4096);
        Dma("0x1000").Should().Be(4096);
        Dma("512K").Should().Be(512 * 1024);
        Dma("2M").Should().Be(2 << 20);
        Dma("1G").Should().Be(1 << 30);
        Dma("4G").Should().Be(4UL << 30);
        Dma("16MiB").Should().Be(16 << 20);
        Dma("0").Should().Be(0);
    }

    [Fact]
    public void Syntax_errors_carry_the_line()
    {
        FluentActions.Invoking(() => Yaml("version: 1\ndevices: [\n  {name: a\n")).Should().Throw<ManifestSourceException>()
            .Where(e => e.Message.StartsWith("app.yaml:") && e.Message.Contains("invalid YAML") && e.Line >= 2 && !e.Message.Contains('\n'));
    }

    [Fact]
    public void Anchors_and_aliases_are_refused()
    {
        Fails("version: &v 1\ndevices: []", "app.yaml:1: YAML anchors are not supported");
        Fails("version: 1\ndevices: *x", "app.yaml:2: YAML aliases are not supported");
    }

    [Fact]
    public void Hostile_nesting_is_refused_not_a_stack_overflow() =>
        Fails("version: 1\ndevices: " + new string('[', 200000) + new string(']', 200000), "app.yaml:2: nesting deeper than 32 levels");

    [Fact]
    public void Several_documents_are_refused() => Fails("version: 1\n---\nversion: 1\n", "app.yaml:2: only one YAML document is allowed");
}
