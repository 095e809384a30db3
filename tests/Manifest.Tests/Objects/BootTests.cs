using FluentAssertions;
using Solo5Net.Manifest;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Manifest.Support;
using Xunit;

namespace Solo5Net.Tests.Manifest.Objects;

/// <summary>An image linked from a generated object is accepted and booted by hvt-tender.</summary>
public sealed class BootTests : IDisposable
{
    private readonly Toolchain _toolchain = new();

    public void Dispose() => _toolchain.Dispose();

    private string Image(string yaml)
    {
        var o = _toolchain.PathOf("manifest.o");
        ManifestObjectWriter.WriteFile(o, ManifestSource.Parse(yaml, "app.yaml", ManifestSourceFormat.Yaml).ToMft());
        return _toolchain.Link(o, start: Toolchain.HaltWith7);
    }

    [KvmFact]
    public void An_image_without_devices_boots_and_halts()
    {
        var r = ProcessRunner.RunTool("hvt-tender", ["--mem=4", Image("version: 1\n")], TimeSpan.FromSeconds(60));
        r.ExitCode.Should().Be(7, r.ToString());
        r.Output.Should().BeEmpty();
    }

    [KvmFact]
    public void The_tender_reads_the_declared_devices()
    {
        var image = Image("version: 1\ndevices:\n  - {name: storage, type: BLOCK_BASIC}\n");
        var r = ProcessRunner.RunTool("hvt-tender", ["--mem=4", image], TimeSpan.FromSeconds(60));
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stderr.Should().Contain("Device 'storage' of type BLOCK_BASIC declared but not attached.");
    }
}
