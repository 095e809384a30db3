using FluentAssertions;
using Solo5Net.Manifest;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Tender.CBindings;

/// <summary>`make install PREFIX=DIR` of the C bindings gives Solo5's cross-toolchain layout, and a
/// program written for Solo5 builds with it unchanged (docs/c-guide.md). No KVM needed.</summary>
public sealed class ToolchainTests : IClassFixture<ToolchainTests.Installed>
{
    public sealed class Installed : IDisposable
    {
        public CToolchain Toolchain { get; } = CToolchain.Install();
        public void Dispose() => Toolchain.Dispose();
    }

    private readonly CToolchain _t;

    public ToolchainTests(Installed installed) => _t = installed.Toolchain;

    private static void Succeeded(ProcessResult r) => r.ExitCode.Should().Be(0, r.ToString());

    /// <summary>The manifest of an image without devices, as gen-manifest writes it, compiled with the installed cc.</summary>
    private string NoDevicesManifest()
    {
        var source = _t.WriteFile("none.manifest.c", ManifestCSourceWriter.Write(Mft.Create([]), "none.json"));
        Succeeded(_t.Run("cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-c", source, "-o", "none.manifest.o"));
        return Path.Combine(_t.Work, "none.manifest.o");
    }

    [Fact]
    public void Install_gives_the_tools_the_headers_and_the_bindings_where_solo5_puts_them()
    {
        foreach (var tool in new[] { "cc", "ld", "objcopy" })
        {
            var version = ProcessRunner.Run(_t.Tool(tool), ["--version"]);
            version.ExitCode.Should().Be(0, $"{tool} is installed and runs: {version}");
        }
        foreach (var header in new[] { "solo5.h", "solo5_pci.h", "solo5_hvt.h", "hvt_abi.h" })
            File.Exists(Path.Combine(_t.Prefix, "include", "solo5", header)).Should().BeTrue(header);
        File.Exists(Path.Combine(_t.LibraryDirectory, "solo5_hvt.o")).Should().BeTrue();
        File.Exists(Path.Combine(_t.LibraryDirectory, "solo5_hvt.lds")).Should().BeTrue();
        File.ReadAllText(Path.Combine(_t.Prefix, "include", "solo5", "hvt_abi.h"))
            .Should().Be(File.ReadAllText(Repo.PathOf("abi", "c", "hvt_abi.h")), "the installed ABI header is the generated one");
    }

    [Fact]
    public void A_program_written_against_solo5_h_compiles_pedantically_and_links_into_an_hvt_image()
    {
        File.Copy(Repo.PathOf("tests", "Tender.Tests", "CBindings", "every_call.c"), Path.Combine(_t.Work, "every_call.c"), true);
        Succeeded(_t.Run("cc", "-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "every_call.c", "-o", "every_call.o"));
        Succeeded(_t.Run("cc", "-z", "solo5-abi=hvt", "-o", "every_call.hvt", "every_call.o", NoDevicesManifest()));

        var elf = ElfFile.Parse(File.ReadAllBytes(Path.Combine(_t.Work, "every_call.hvt")));
        Solo5Notes.ReadAbi(elf).Should().Be(AbiNote.Hvt, "the bindings object carries the ABI1 note");
        elf.Entry.Should().Be(0x100000UL, "_start opens the text segment at 1 MiB");
        Mft.Decode(Solo5Notes.ReadManifest(elf)!).Entries.Should().ContainSingle();
    }

    [Theory]
    [InlineData("solo5.h", "solo5_pci.h", "hvt_abi.h")]
    [InlineData("hvt_abi.h", "solo5_pci.h", "solo5.h")]
    [InlineData("solo5_hvt.h", "solo5_pci.h", "solo5.h")]
    public void The_headers_compile_together_in_any_order_and_agree_on_the_result_codes(string first, string second, string third)
    {
        var source = _t.WriteFile($"order-{first}.c", $$"""
            #include "{{first}}"
            #include "{{second}}"
            #include "{{third}}"
            _Static_assert(SOLO5_R_OK == 0 && SOLO5_R_AGAIN == 1 && SOLO5_R_EINVAL == 2 && SOLO5_R_EUNSPEC == 3, "codes");
            _Static_assert(sizeof(struct solo5_start_info) == 24 && sizeof(struct solo5_net_info) == 16
                           && sizeof(struct solo5_block_info) == 16, "docs/hvt-abi.md 9.1");
            solo5_result_t f(void) { return SOLO5_R_EINVAL; }
            """);
        Succeeded(_t.Run("cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-c", source, "-o", source + ".o"));
    }

    [Fact]
    public void Code_is_built_freestanding_without_sse_and_with_the_global_stack_protector()
    {
        var source = _t.WriteFile("flags.c", """
            #include "solo5.h"
            void fill(char *out, unsigned n) { char local[64]; for (unsigned i = 0; i < n; i++) local[i % 64] = (char)i; out[0] = local[n % 64]; }
            """);
        Succeeded(_t.Run("cc", "-O2", "-c", source, "-o", "flags.o"));
        var dump = ProcessRunner.Run("objdump", ["-dr", Path.Combine(_t.Work, "flags.o")]);
        dump.Stdout.Should().Contain("__stack_chk_guard", "the canary is a global, not %fs:0x28 (FS is the application's TLS)");
        dump.Stdout.Should().NotContain("%fs:").And.NotContain("%xmm");
    }

    [Fact]
    public void Linking_with_an_abi_other_than_hvt_is_refused_in_one_line()
    {
        File.WriteAllText(Path.Combine(_t.Work, "x.c"), "int x;\n");
        Succeeded(_t.Run("cc", "-c", "x.c", "-o", "x.o"));
        foreach (var tool in new[] { "cc", "ld" })
        {
            var r = _t.Run(tool, "-z", "solo5-abi=spt", "-o", "x.spt", "x.o");
            r.ExitCode.Should().Be(1, r.ToString());
            r.Stderr.Should().Be($"x86_64-solo5-none-static-{tool}: unsupported ABI 'spt' (supported: hvt)\n");
            File.Exists(Path.Combine(_t.Work, "x.spt")).Should().BeFalse();
        }
    }

    [Fact]
    public void The_ld_wrapper_links_the_bindings_like_the_cc_wrapper()
    {
        File.Copy(Repo.PathOf("tests", "Tender.Tests", "CBindings", "every_call.c"), Path.Combine(_t.Work, "every_call.c"), true);
        Succeeded(_t.Run("cc", "-c", "every_call.c", "-o", "every_call.o"));
        var gcc = ProcessRunner.Run("gcc", ["-print-libgcc-file-name"]).Stdout.Trim();
        Succeeded(_t.Run("ld", "-z", "solo5-abi=hvt", "-o", "by-ld.hvt", "every_call.o", NoDevicesManifest(), gcc));
        Succeeded(_t.Run("objcopy", "--dump-section", ".note.solo5.abi=abi.bin", "by-ld.hvt"));
        File.ReadAllBytes(Path.Combine(_t.Work, "abi.bin")).Should().Equal(Solo5NoteEncoder.EncodeAbi(AbiNote.Hvt));
    }
}
