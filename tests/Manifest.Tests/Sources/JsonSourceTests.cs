using FluentAssertions;
using Solo5Net.Manifest;
using Xunit;

namespace Solo5Net.Tests.Manifest.Sources;

public sealed class JsonSourceTests
{
    private static ManifestModel Json(string text) => ManifestSource.Parse(text, "manifest.json", ManifestSourceFormat.Json);

    private static void Fails(string text, string message) =>
        FluentActions.Invoking(() => Json(text)).Should().Throw<ManifestSourceException>().WithMessage(message);

    [Fact]
    public void A_solo5_manifest_json_works_unchanged()
    {
        // The shape of Solo5's tests/test_net_2if/manifest.json.
        var model = Json("""
            {
                "type": "solo5.manifest",
                "version": 1,
                "devices": [
                    { "name": "service0", "type": "NET_BASIC" },
                    { "name": "service1", "type": "NET_BASIC" },
                    { "name": "storage", "type": "BLOCK_BASIC" }
                ]
            }
            """);
        model.Devices.Select(d => (d.Name, d.Type, d.Line)).Should().Equal(
            ("service0", MftDeviceType.NetBasic, 5), ("service1", MftDeviceType.NetBasic, 6), ("storage", MftDeviceType.BlockBasic, 7));
        var mft = model.ToMft();
        mft.Find("service1", MftDeviceType.NetBasic).Should().Be(2);
    }

    [Fact]
    public void An_empty_device_list_works()
    {
        Json("""{ "type": "solo5.manifest", "version": 1, "devices": [] }""").Devices.Should().BeEmpty();
    }

    [Fact]
    public void Pci_devices_may_be_declared_in_json_too()
    {
        var d = Json("""
            { "type": "solo5.manifest", "version": 1,
              "devices": [ { "name": "nic", "type": "PCI_BASIC", "match": { "vendor": "0x8086", "device": 4110 }, "dma": "2M", "dma_bits": 32 } ] }
            """).Devices[0];
        d.Match.Should().Be(new PciMatch(0x8086, 4110, null, null));
        d.DmaMin.Should().Be(2 << 20);
        d.DmaBits.Should().Be(32);
    }

    [Theory]
    [InlineData("""{ "version": 1, "devices": [] }""", "manifest.json:1: type: required key is missing")]
    [InlineData("""{ "type": "solo5.manifest", "devices": [] }""", "manifest.json:1: version: required key is missing")]
    [InlineData("""{ "type": "solo5.manifest", "version": 1 }""", "manifest.json:1: devices: required key is missing")]
    [InlineData("{\n\"type\": \"solo5.manifest\",\n\"version\": \"1\",\n\"devices\": [] }", "manifest.json:3: version: must be the integer 1, not a string")]
    [InlineData("{\n\"type\": \"solo5.manifest\",\n\"version\": 1,\n\"devices\": [],\n\"extra\": true }",
        "manifest.json:5: extra: unknown key (expected type, version, devices)")]
    [InlineData("{\"type\": \"solo5.manifest\", \"version\": 1, \"devices\": [\n{ \"name\": 5, \"type\": \"NET_BASIC\" } ] }",
        "manifest.json:2: devices[0].name: must be a string")]
    [InlineData("{\"type\": \"solo5.manifest\", \"version\": 1, \"devices\": [\n{ \"name\": \"a\", \"type\": null } ] }",
        "manifest.json:2: devices[0].type: must be a string")]
    [InlineData("{\"type\": \"solo5.manifest\", \"version\": 1, \"devices\": [\n{ \"name\": \"a_b\", \"type\": \"NET_BASIC\" } ] }",
        "manifest.json:2: devices[0].name: 'a_b' may contain only letters and digits (A-Z, a-z, 0-9)")]
    [InlineData("[]", "manifest.json:1: the manifest must be a mapping with keys version and devices")]
    [InlineData("", "manifest.json:1: invalid JSON: *")]
    [InlineData("{\n\"type\": \"solo5.manifest\",\n\"version\": 1,\n\"devices\": [],\n}", "manifest.json:5: invalid JSON: *")]
    [InlineData("{\n// comment\n\"type\": \"solo5.manifest\" }", "manifest.json:2: invalid JSON: *")]
    [InlineData("{ \"type\": \"solo5.manifest\", \"version\": 1, \"devices\": [] } {}", "manifest.json:1: invalid JSON: *")]
    public void Each_rule_names_file_line_and_field(string text, string message) => Fails(text, message);

    [Fact]
    public void Hostile_nesting_is_refused() =>
        Fails("{\"devices\": " + new string('[', 100000) + new string(']', 100000) + "}", "manifest.json:1: invalid JSON: *");

    [Fact]
    public void Json_errors_are_one_line()
    {
        FluentActions.Invoking(() => Json("{\n\"type\": \n")).Should().Throw<ManifestSourceException>()
            .Where(e => !e.Message.Contains('\n') && !e.Message.Contains("LineNumber"));
    }
}
