using FluentAssertions;
using Solo5Net.Manifest;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Manifest.Support;
using Xunit;

namespace Solo5Net.Tests.Manifest.Cli;

public sealed class CliTests : IDisposable
{
    private readonly Toolchain _toolchain = new();

    public void Dispose() => _toolchain.Dispose();

    private static ProcessResult Run(params string[] args) => ProcessRunner.RunTool("solo5-manifest", args, TimeSpan.FromSeconds(60));

    private string Write(string name, string text) => _toolchain.Write(name, text);

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = _toolchain.PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private const string App = """
        version: 1
        devices:
          - name: nic
            type: PCI_BASIC
            match: { vendor: 0x8086, device: 0x100e }
            dma: 10M
          - name: storage
            type: BLOCK_BASIC
          - name: service0
            type: NET_BASIC
        """;

    private static void FailsWithOneLine(ProcessResult r, string expected)
    {
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stdout.Should().BeEmpty();
        r.Stderr.TrimEnd('\n').Should().NotContain("\n").And.Match(expected);
        r.Stderr.Should().NotContain("   at ");
    }

    [Fact]
    public void Gen_then_ld_then_query_shows_what_the_tender_checks()
    {
        var o = _toolchain.PathOf("manifest.o");
        var gen = Run("gen", Write("app.yaml", App), o);
        gen.ExitCode.Should().Be(0, gen.ToString());
        gen.Output.Should().BeEmpty();

        var query = Run("query", _toolchain.Link(o));
        query.ExitCode.Should().Be(0, query.ToString());
        query.Stdout.Should().Be("""
            abi:
              target: hvt
              version: 2
            manifest:
              version: 1
              entries:
                - handle: 0
                  name: ""
                  type: RESERVED_FIRST
                - handle: 1
                  name: nic
                  type: PCI_BASIC
                  match:
                    vendor: 0x8086
                    device: 0x100e
                    class: any
                    subclass: any
                  dma: 10M
                - handle: 2
                  name: storage
                  type: BLOCK_BASIC
                  capacity: 0
                  block_size: 0
                - handle: 3
                  name: service0
                  type: NET_BASIC
                  mac: "00:00:00:00:00:00"
                  mtu: 0

            """);
    }

    [Fact]
    public void Query_as_json()
    {
        var image = WriteBytes("img.hvt", TestImage.Valid(ManifestSource.Parse(App, "a.yaml", ManifestSourceFormat.Yaml).ToMft().Encode()));
        var query = Run("query", image, "--format", "json");
        query.ExitCode.Should().Be(0, query.ToString());
        var doc = System.Text.Json.JsonDocument.Parse(query.Stdout).RootElement;
        doc.GetProperty("abi").GetProperty("target").GetString().Should().Be("hvt");
        var entries = doc.GetProperty("manifest").GetProperty("entries");
        entries.GetArrayLength().Should().Be(4);
        entries[1].GetProperty("match").GetProperty("vendor").GetString().Should().Be("0x8086");
        entries[1].GetProperty("dma").GetUInt64().Should().Be(10UL << 20);
        entries[3].GetProperty("type").GetString().Should().Be("NET_BASIC");
    }

    [Fact]
    public void Validate_reports_the_device_count()
    {
        var r = Run("validate", Write("app.yaml", App));
        r.ExitCode.Should().Be(0);
        r.Stdout.Should().EndWith("app.yaml: valid, 3 devices\n");
    }

    [Fact]
    public void Validate_accepts_solo5_manifest_json()
    {
        var r = Run("validate", Write("manifest.json", """{"type":"solo5.manifest","version":1,"devices":[{"name":"storage","type":"BLOCK_BASIC"}]}"""));
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().EndWith("manifest.json: valid, 1 device\n");
    }

    [Fact]
    public void Validate_names_file_line_and_field()
    {
        var path = Write("bad.yaml", "version: 1\ndevices:\n  - name: net0\n    type: NET_BASIC\n  - name: net_1\n    type: NET_BASIC\n");
        FailsWithOneLine(Run("validate", path),
            $"solo5-manifest: {path}:5: devices[1].name: 'net_1' may contain only letters and digits (A-Z, a-z, 0-9)");
    }

    [Fact]
    public void Gen_with_too_many_devices_fails_like_elftool()
    {
        var text = "version: 1\ndevices:\n" + string.Concat(Enumerable.Range(0, 64).Select(i => $"  - {{name: storage{i}, type: BLOCK_BASIC}}\n"));
        var o = _toolchain.PathOf("x.o");
        FailsWithOneLine(Run("gen", Write("many.yaml", text), o), "*:66: devices: too many entries, maximum 63");
        File.Exists(o).Should().BeFalse();
    }

    [Fact]
    public void Query_of_the_buggyelf_case_fails_with_the_tender_message()
    {
        var filler = Enumerable.Range(0, 7).Select(_ => new TestSegment(0, [])).ToArray();
        var image = WriteBytes("buggy.hvt", TestImage.Build(0x100000,
            [TestImage.Text(), .. filler, new TestSegment(TestImage.PtNote, TestImage.Note(TestImage.Mft1, 1, new byte[4]))]));
        FailsWithOneLine(Run("query", image), $"solo5-manifest: {image}: No Solo5 ABI information found in executable");

        var withAbi = WriteBytes("buggy2.hvt", TestImage.Build(0x100000,
            [TestImage.Text(), new TestSegment(TestImage.PtNote, TestImage.AbiNote(), Align: 4), .. filler[1..],
             new TestSegment(TestImage.PtNote, TestImage.Note(TestImage.Mft1, 1, new byte[4]))]));
        FailsWithOneLine(Run("query", withAbi),
            $"solo5-manifest: {withAbi}: INV_EXE: phdr[8] note does not fall within valid size (18446744073709551613 <= 0 || 18446744073709551613 > 1)");
    }

    [Fact]
    public void Query_refuses_images_the_tender_refuses()
    {
        var spt = WriteBytes("app.spt", TestImage.Valid(target: 2));
        var r = Run("query", spt);
        r.ExitCode.Should().Be(1);
        r.Stdout.Should().Contain("target: spt");
        r.Stderr.Should().Be($"solo5-manifest: {spt}: Executable is not for the solo5-hvt target\n");

        var v3 = WriteBytes("v3.hvt", TestImage.Valid(version: 3));
        Run("query", v3).Stderr.Should().Be($"solo5-manifest: {v3}: Executable requests unsupported ABI version 3\n");

        var noMft = WriteBytes("nomft.hvt", TestImage.Build(0x100000, TestImage.Text(), new TestSegment(TestImage.PtNote, TestImage.AbiNote(), Align: 4)));
        FailsWithOneLine(Run("query", noMft), $"solo5-manifest: {noMft}: No Solo5 manifest found in executable");
    }

    [Fact]
    public void An_invalid_manifest_says_why_only_with_verbose()
    {
        var bad = TestImage.EmptyMft();
        bad[0] = 2;
        var image = WriteBytes("bad.hvt", TestImage.Valid(bad));
        FailsWithOneLine(Run("query", image), $"solo5-manifest: {image}: Solo5 manifest is invalid");
        FailsWithOneLine(Run("query", image, "--verbose"), $"solo5-manifest: {image}: Solo5 manifest is invalid: version 2, expected 1");
    }

    [Fact]
    public void Query_of_a_non_elf_file()
    {
        var path = Write("notelf.hvt", "hello");
        FailsWithOneLine(Run("query", path), $"solo5-manifest: {path}: invalid executable: elf header does not match the expected size");
        var missing = _toolchain.PathOf("missing.hvt");
        FailsWithOneLine(Run("query", missing), $"solo5-manifest: {missing}: Could not open: *");
    }

    [Fact]
    public void Gen_into_a_missing_directory_is_one_line() =>
        FailsWithOneLine(Run("gen", Write("app.yaml", App), _toolchain.PathOf("no/dir/x.o")), "solo5-manifest: *x.o: Could not write: *");

    [Theory]
    [InlineData(new string[0], "solo5-manifest: Required command was not provided (see solo5-manifest --help)")]
    [InlineData(new[] { "frobnicate" }, "solo5-manifest: *Unrecognized command or argument 'frobnicate' (see solo5-manifest --help)")]
    [InlineData(new[] { "gen", "only-one-arg.yaml" }, "solo5-manifest: Required argument missing for command: 'gen' (see solo5-manifest --help)")]
    [InlineData(new[] { "query", "x", "--format", "xml" }, "solo5-manifest: Argument 'xml' not recognized. Must be one of: 'yaml' 'json' (see*")]
    public void Usage_errors_are_one_line_and_exit_1(string[] args, string expected) => FailsWithOneLine(Run(args), expected);

    [Fact]
    public void Help_exits_0()
    {
        var r = Run("--help");
        r.ExitCode.Should().Be(0);
        r.Stdout.Should().Contain("gen <SOURCE> <OUT.o>").And.Contain("query <IMAGE>").And.Contain("validate <SOURCE>");
    }
}
