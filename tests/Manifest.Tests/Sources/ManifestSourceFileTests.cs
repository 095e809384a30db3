using FluentAssertions;
using Solo5Net.Manifest;
using Xunit;

namespace Solo5Net.Tests.Manifest.Sources;

public sealed class ManifestSourceFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("s5n-mft-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("app.yaml")]
    [InlineData("app.yml")]
    [InlineData("APP.YAML")]
    public void Yaml_extensions(string name) =>
        ManifestSource.Load(Write(name, "version: 1\ndevices:\n  - {name: a, type: BLOCK_BASIC}\n")).Devices.Should().ContainSingle();

    [Fact]
    public void Json_extension() =>
        ManifestSource.Load(Write("manifest.json", """{"type":"solo5.manifest","version":1,"devices":[]}""")).Devices.Should().BeEmpty();

    [Fact]
    public void Errors_name_the_path_as_given()
    {
        var path = Write("bad.yaml", "version: 1\ndevices:\n  - name: a\n    type: X\n");
        FluentActions.Invoking(() => ManifestSource.Load(path)).Should().Throw<ManifestSourceException>()
            .WithMessage($"{path}:4: devices[0].type: unknown device type 'X'*");
    }

    [Fact]
    public void An_unknown_extension_is_refused() =>
        FluentActions.Invoking(() => ManifestSource.Load(Write("app.toml", ""))).Should().Throw<ManifestException>()
            .WithMessage("*app.toml: unknown manifest format (expected a .yaml, .yml or .json file)");

    [Fact]
    public void A_missing_file_is_one_line() =>
        FluentActions.Invoking(() => ManifestSource.Load(Path.Combine(_dir, "none.yaml"))).Should().Throw<ManifestException>()
            .WithMessage("*none.yaml: Could not open: *");
}
