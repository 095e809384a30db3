using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.EndToEnd;

/// <summary>The C bindings' PCI API (bindings/c/include/solo5/solo5_pci.h, docs/c-guide.md): the C
/// edu example (examples/edu-c) built with plain make against the installed toolchain and run
/// against hvt-devemu, and what the API refuses (tests/guests/pci_api.c).</summary>
public sealed class CBindingsPciTests
{
    private static string Guest(string name) => Path.Combine(AppContext.BaseDirectory, "guests", name + ".hvt");

    private static ProcessResult Tender(params string[] args) =>
        ProcessRunner.RunTool("hvt-tender", args, TimeSpan.FromSeconds(60));

    /// <summary>examples/edu-c/edu.hvt built by `make` with the installed tools on PATH.</summary>
    private static string BuildExample(CToolchain toolchain)
    {
        var manifestTool = $"dotnet {Path.Combine(AppContext.BaseDirectory, "solo5-manifest.dll")}";
        var r = toolchain.Make(Repo.PathOf("examples", "edu-c"), $"OUT={toolchain.Work}", $"SOLO5_MANIFEST={manifestTool}");
        r.ExitCode.Should().Be(0, r.ToString());
        return Path.Combine(toolchain.Work, "edu.hvt");
    }

    [Fact]
    public void The_c_edu_example_builds_with_plain_make_against_the_installed_toolchain()
    {
        using var toolchain = CToolchain.Install();
        var image = BuildExample(toolchain);
        var query = ProcessRunner.RunTool("solo5-manifest", ["query-manifest", image]);
        query.ExitCode.Should().Be(0, query.ToString());
        query.Stdout.Should().Contain("\"name\": \"edu0\"").And.Contain("\"type\": \"PCI_BASIC\"");
    }

    [KvmFact]
    public void The_c_edu_example_drives_the_device_through_solo5_pci_acquire()
    {
        using var toolchain = CToolchain.Install();
        var image = BuildExample(toolchain);
        using var edu = DevEmuServer.StartEdu();
        var r = Tender($"--pci-dev:edu0=vfio-user:{edu.SocketPath}", image);
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().BeEmpty();
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Solo5: ", StringComparison.Ordinal));
        lines.Should().Equal(
            "edu: device 0x1234:0x11e8, interrupt wired",
            "edu: version 0x100, BAR0 at 0x" + r.Stdout.Split("BAR0 at 0x")[1].Split('\n')[0],
            "edu: factorials 1..10 ok",
            "edu: DMA round trip of 1024 bytes ok",
            "edu: SUCCESS");
        r.Stdout.Should().EndWith("Solo5: solo5_exit(0) called\n");
    }

    [KvmFact]
    public void The_pci_api_refuses_unknown_and_non_pci_names_and_foreign_handles()
    {
        using var edu = DevEmuServer.StartEdu();
        using var disk = new TempFile(64 * 1024);
        var r = Tender($"--pci-dev:edu0=vfio-user:{edu.SocketPath}", $"--block:storage={disk.Path}", Guest("pci_api"));
        r.Stdout.Should().Be("pci api refusals ok\n", r.ToString());
        r.ExitCode.Should().Be(0, r.ToString());
    }

    [KvmFact]
    public void Without_the_pci_feature_bit_every_pci_call_returns_an_error_and_never_faults()
    {
        var r = Tender(Guest("pci_api_none"));
        r.Stdout.Should().Be("no pci ok\n", r.ToString());
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().BeEmpty("no PCI hypercall reached the tender");
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(int size)
        {
            Path = System.IO.Path.GetTempFileName();
            File.WriteAllBytes(Path, new byte[size]);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
