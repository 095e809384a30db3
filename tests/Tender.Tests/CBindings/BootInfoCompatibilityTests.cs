using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Tender.CBindings;

/// <summary>The C bindings on a tender with the 40-byte boot info (Solo5 0.8–0.10): what lies at
/// offset 40 there is the manifest's version word, not host_features, so the bindings must not see
/// ring I/O or PCI offered (docs/hvt-abi.md §3). The bindings' own rule, compiled for the host.</summary>
public sealed class BootInfoCompatibilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solo5net-bootinfo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Host_features_are_read_only_from_a_tender_whose_boot_info_has_them()
    {
        var source = Path.Combine(_dir, "rule.c");
        File.WriteAllText(source, """
            #include <stdio.h>
            #include "bindings.h"
            const struct hvt_boot_info *solo5net_boot_info;
            int main(void)
            {
                /* Solo5 0.8-0.10: manifest at 0x10028; its version word 1 sits at offset 40. */
                struct hvt_boot_info old = { .mft = 0x10028, .host_features = 1, .guest_features = 2 };
                struct hvt_boot_info now = { .mft = HVT_MANIFEST_BASE, .host_features = 3 };
                printf("%u %u\n", solo5net_host_features_of(&old), solo5net_host_features_of(&now));
                return 0;
            }
            """);
        var exe = Path.Combine(_dir, "rule");
        var cc = ProcessRunner.Run("gcc", ["-std=gnu11", "-Wall", "-Werror",
            "-I", Repo.PathOf("bindings", "c", "src"), "-I", Repo.PathOf("bindings", "c", "include", "solo5"), "-I", Repo.PathOf("abi", "c"),
            source, "-o", exe]);
        cc.ExitCode.Should().Be(0, cc.ToString());
        var run = ProcessRunner.Run(exe, []);
        run.Stdout.Should().Be("0 3\n", run.ToString());
    }
}
