using FluentAssertions;
using Xunit;
using Solo5Net.Abi.HeaderGen;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Abi;

/// <summary>abi/c/hvt_abi.h: generated from the ABI types, committed, and valid C whose layout agrees with C#.</summary>
public class CHeaderTests
{
    private static readonly string Committed = Repo.PathOf("abi", "c", "hvt_abi.h");

    [Fact]
    public void The_committed_header_is_what_the_generator_writes()
    {
        File.ReadAllText(Committed).Should().Be(CHeader.Generate(),
            "a change to abi/Solo5Net.Abi needs `dotnet run --project abi/HeaderGen -- abi/c/hvt_abi.h`");
    }

    [Fact]
    public void Gcc_compiles_the_header_and_its_static_asserts_hold()
    {
        // Besides the header's own asserts (C's natural layout = the C# offsets), a few facts written
        // out from docs/hvt-abi.md and docs/abi.md, so a wrong number in both C# and C also fails.
        const string source = """
            #include "hvt_abi.h"
            _Static_assert(HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_PUTS == 0x502, "PUTS is port 0x502");
            _Static_assert(HVT_HYPERCALL_PCI_CONFIG_WRITE == 10, "PCI_CONFIG_WRITE is 10");
            _Static_assert(sizeof(struct hvt_boot_info) == 56, "hvt_boot_info");
            _Static_assert(offsetof(struct hvt_boot_info, net_ring) == 48, "net_ring");
            _Static_assert(sizeof(struct mft_entry) == 104, "mft_entry");
            _Static_assert(offsetof(struct mft_entry, u.pci_basic.dma_min) == 80, "dma_min");
            _Static_assert(offsetof(struct mft_entry, u.pci_basic.dma_bits) == 78, "dma_bits");
            _Static_assert(offsetof(struct hvt_pci_info, bar[5].flags) == 48 + 5 * 24 + 16, "bar[5].flags");
            _Static_assert(offsetof(struct hvt_ring, commits) == 32896, "commits");
            _Static_assert(SOLO5_R_EINVAL == 2 && HVT_FEATURE_PCI == 2 && MFT_DEV_PCI_BASIC == 3, "numbers");
            """;
        Compile(source, "c", "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-ffreestanding").Should().Be("");
    }

    [Fact]
    public void Assembly_sources_can_include_the_header_for_its_numbers()
    {
        const string source = """
            #include "hvt_abi.h"
            .long HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_HALT, MFT_DEV_BLOCK_BASIC, HVT_RING_KICK_PORT
            """;
        Compile(source, "S").Should().Be("");
    }

    private static string Compile(string source, string extension, params string[] flags)
    {
        var dir = Directory.CreateTempSubdirectory("hvt-abi-");
        try
        {
            var file = Path.Combine(dir.FullName, "check." + extension);
            File.WriteAllText(file, source + "\n");
            var result = ProcessRunner.Run("gcc", [.. flags, "-I", Path.GetDirectoryName(Committed)!, "-c", "-o", Path.Combine(dir.FullName, "check.o"), file]);
            return result.ExitCode == 0 ? "" : $"gcc exited {result.ExitCode}: {result.Stderr}";
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
