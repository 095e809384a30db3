using FluentAssertions;
using Solo5Net.Manifest;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Manifest.Support;
using Xunit;

namespace Solo5Net.Tests.Manifest.Cli;

/// <summary>solo5-elftool's spellings of solo5-manifest (docs/c-guide.md §2): gen-manifest writes C
/// that compiles into exactly the MFT1 note, query-manifest and query-abi print JSON.</summary>
public sealed class ElftoolSpellingTests : IDisposable
{
    private readonly Toolchain _toolchain = new();

    public void Dispose() => _toolchain.Dispose();

    private static ProcessResult Run(params string[] args) => ProcessRunner.RunTool("solo5-manifest", args, TimeSpan.FromSeconds(60));

    private string Write(string name, string text) => _toolchain.Write(name, text);

    private const string ManifestJson = """
        {
          "type": "solo5.manifest",
          "version": 1,
          "devices": [
            { "name": "storage", "type": "BLOCK_BASIC" },
            { "name": "service0", "type": "NET_BASIC" },
            { "name": "nic", "type": "PCI_BASIC", "match": { "vendor": "0x8086", "device": 4110 }, "dma": "2M" }
          ]
        }
        """;

    /// <summary>gen-manifest, then the C compiler with the ABI header (docs/abi.md §6): the object.</summary>
    private string GenerateAndCompile(string source, string name)
    {
        var c = _toolchain.PathOf(name + ".c");
        var gen = Run("gen-manifest", source, c);
        gen.ExitCode.Should().Be(0, gen.ToString());
        gen.Output.Should().BeEmpty();
        var o = _toolchain.PathOf(name + ".o");
        Toolchain.Run("gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-ffreestanding", "-c",
            "-I", Repo.PathOf("abi", "c"), "-o", o, c);
        return o;
    }

    [Fact]
    public void Gen_manifest_compiles_into_the_same_note_bytes_as_the_object_writer()
    {
        var source = Write("manifest.json", ManifestJson);
        var o = GenerateAndCompile(source, "manifest");
        var section = _toolchain.PathOf("note.bin");
        Toolchain.Run("objcopy", "-O", "binary", "--only-section=.note.solo5.manifest", o, section);

        var expected = Solo5NoteEncoder.EncodeManifest(ManifestSource.Load(source).ToMft());
        var actual = File.ReadAllBytes(section);
        actual.Length.Should().BeLessThanOrEqualTo(expected.Length);
        actual.Should().Equal(expected[..actual.Length], "the C initialisers spell the note the tender reads");
        expected[actual.Length..].Should().OnlyContain(b => b == 0, "the object writer only adds zero padding after descsz");
    }

    [Fact]
    public void Query_manifest_and_query_abi_print_json_like_elftool()
    {
        var image = _toolchain.Link(GenerateAndCompile(Write("manifest.json", ManifestJson), "manifest"),
            start: Toolchain.HaltWith7 + "\n.section .note.solo5.abi, \"a\", @note\n.balign 4\n.long 6, 16, 0x31494241\n.asciz \"Solo5\"\n.balign 4\n.long 1, 2, 0, 0\n");

        var manifest = Run("query-manifest", image);
        manifest.ExitCode.Should().Be(0, manifest.ToString());
        manifest.Stdout.Should().Be("""
            {
              "type": "solo5.manifest",
              "version": 1,
              "devices": [
                {
                  "name": "storage",
                  "type": "BLOCK_BASIC"
                },
                {
                  "name": "service0",
                  "type": "NET_BASIC"
                },
                {
                  "name": "nic",
                  "type": "PCI_BASIC"
                }
              ]
            }

            """);

        var abi = Run("query-abi", image);
        abi.ExitCode.Should().Be(0, abi.ToString());
        abi.Stdout.Should().Be("{\n  \"type\": \"solo5.abi\",\n  \"target\": \"hvt\",\n  \"version\": 2\n}\n");
    }

    [Fact]
    public void Gen_manifest_refuses_too_many_devices_and_bad_names_naming_the_line()
    {
        var many = "{ \"type\": \"solo5.manifest\", \"version\": 1, \"devices\": [\n"
            + string.Join(",\n", Enumerable.Range(0, 64).Select(i => $"  {{ \"name\": \"storage{i}\", \"type\": \"BLOCK_BASIC\" }}")) + "\n] }\n";
        var c = _toolchain.PathOf("out.c");
        var r = Run("gen-manifest", Write("many.json", many), c);
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stderr.Should().Be($"solo5-manifest: {_toolchain.PathOf("many.json")}:65: devices: too many entries, maximum 63\n");
        File.Exists(c).Should().BeFalse("nothing is written for a refused source");

        var bad = Run("gen-manifest", Write("bad.json", "{ \"type\": \"solo5.manifest\", \"version\": 1, \"devices\": [\n  { \"name\": \"net_1\", \"type\": \"NET_BASIC\" }\n] }\n"), c);
        bad.ExitCode.Should().Be(1, bad.ToString());
        bad.Stderr.Should().StartWith($"solo5-manifest: {_toolchain.PathOf("bad.json")}:2: devices[0].name: 'net_1' may contain only letters and digits");
        bad.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Query_abi_and_query_manifest_of_a_file_that_is_not_an_image_fail_in_one_line()
    {
        var text = Write("not-elf.hvt", "hello\n");
        foreach (var command in new[] { "query-abi", "query-manifest" })
        {
            var r = Run(command, text);
            r.ExitCode.Should().Be(1, r.ToString());
            r.Stdout.Should().BeEmpty();
            r.Stderr.Should().StartWith($"solo5-manifest: {text}: ").And.EndWith("\n").And.Contain("\n", Exactly.Once());
        }
    }
}
