using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Sdk;

/// <summary>The templates' projects: a project SDK reference, a manifest and code; built outside the
/// repository into images that run on hvt-tender (the driver against hvt-devemu's edu).</summary>
[Collection(NewUserCollection.Name)]
public sealed class NewUserTests(NewUserProjects projects)
{
    [Fact]
    public void A_template_project_is_the_sdk_reference_a_manifest_and_code()
    {
        projects.FailureUpTo("dotnet new solo5-pci-driver").Should().BeNull();
        FilesOf(NewUserProjects.Hello).Should().BeEquivalentTo(["hello.csproj", "manifest.yml", "Program.cs"]);
        FilesOf(NewUserProjects.Driver).Should().BeEquivalentTo(["edu-driver.csproj", "manifest.yml", "Program.cs", "EduDevice.cs"]);
        foreach (var project in new[] { NewUserProjects.Hello, NewUserProjects.Driver })
        {
            var text = File.ReadAllText(projects.Workspace.PathOf(project, project + ".csproj"));
            text.Should().StartWith("<Project Sdk=\"Solo5Net.Sdk/").And.NotContain("<Import").And.NotContain("<PropertyGroup");
        }
        File.ReadAllText(projects.Workspace.PathOf(NewUserProjects.Driver, "manifest.yml")).Should().Contain("type: PCI_BASIC");
    }

    [Fact]
    public void Each_template_project_builds_to_an_hvt_image()
    {
        projects.FailureUpTo("dotnet build " + NewUserProjects.Driver).Should().BeNull();
        File.Exists(projects.ImageOf(NewUserProjects.Hello)).Should().BeTrue();
        var q = ProcessRunner.RunTool("solo5-manifest", ["query", projects.ImageOf(NewUserProjects.Driver)]);
        q.ExitCode.Should().Be(0, q.ToString());
        q.Stdout.Should().Contain("edu0").And.Contain("PCI_BASIC");
    }

    /// <summary>A guest on the SDK gets the driver library too: a NIC driver's entry point compiles and links.</summary>
    [Fact]
    public void The_driver_library_comes_with_the_sdk()
    {
        projects.FailureUpTo("dotnet new install").Should().BeNull();
        const string Name = "nic-driver";
        var n = projects.Workspace.Dotnet("new", "solo5-unikernel", "-n", Name, "--no-update-check");
        n.ExitCode.Should().Be(0, n.ToString());
        File.WriteAllText(projects.Workspace.PathOf(Name, "Program.cs"), """
            using Solo5Net.Drivers.Net;
            using Solo5Net.Guest;

            public static class Program
            {
                public static int Main(StartInfo start)
                {
                    if (Solo5.PciAcquire("net0", out var device) != Solo5Result.Ok) return 2;
                    var nic = PciNetworkDrivers.Start(device, out var driver, out var error);
                    if (nic == null) { Solo5.ConsoleWrite(driver + ": " + error + "\n"); return 1; }
                    nic.Stop();
                    return Solo5.ExitSuccess;
                }
            }
            """);
        var b = projects.Workspace.Dotnet("build", Name, "-nologo");
        b.ExitCode.Should().Be(0, b.ToString());
        File.Exists(projects.ImageOf(Name)).Should().BeTrue();
    }

    [KvmFact]
    public void The_hello_image_runs_on_hvt_tender()
    {
        projects.FailureUpTo("dotnet build " + NewUserProjects.Hello).Should().BeNull();
        var r = ProcessRunner.Run(Repo.NativeTender, [projects.ImageOf(NewUserProjects.Hello), "from", "a", "template"], TimeSpan.FromSeconds(60));
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("Hello from hello, arguments: 'from a template'");
        r.Stderr.Should().BeEmpty();
    }

    [KvmFact]
    public void The_driver_image_drives_the_edu_of_hvt_devemu()
    {
        projects.FailureUpTo("dotnet build " + NewUserProjects.Driver).Should().BeNull();
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 64);
        var r = ProcessRunner.Run(Repo.NativeTender, [$"--pci-dev:edu0=vfio-user:{edu.SocketPath}", projects.ImageOf(NewUserProjects.Driver)],
            TimeSpan.FromSeconds(60));
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("edu0: identification 0x10000ed")
            .And.Contain("edu0: 10! = 3628800")
            .And.Contain("edu0: DMA round trip of 256 bytes ok");
        r.Stderr.Should().BeEmpty();
    }

    private IEnumerable<string> FilesOf(string project) =>
        Directory.GetFiles(projects.Workspace.PathOf(project), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(projects.Workspace.PathOf(project), f))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal));
}
