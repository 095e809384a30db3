using FluentAssertions;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Guest;

/// <summary>The guest build (guest/Guest.Sdk): the image it produces and the errors it reports.</summary>
public sealed class BuildPipelineTests
{
    [Fact]
    public void Hello_image_is_an_hvt_executable_with_the_solo5_notes()
    {
        var image = File.ReadAllBytes(GuestImages.PathOf("hello"));
        image.AsSpan(0, 4).ToArray().Should().Equal(0x7F, (byte)'E', (byte)'L', (byte)'F');
        BitConverter.ToUInt16(image, 16).Should().Be(2, "ET_EXEC");
        BitConverter.ToUInt16(image, 18).Should().Be(62, "EM_X86_64");
        BitConverter.ToUInt64(image, 24).Should().BeGreaterThanOrEqualTo(0x100000UL, "entry at or above HVT_GUEST_MIN_BASE");
        var q = ProcessRunner.RunTool("solo5-manifest", ["query", GuestImages.PathOf("hello")]);
        q.ExitCode.Should().Be(0, q.ToString());
        q.Stdout.Should().Contain("target: hvt").And.Contain("version: 2");
    }

    [KvmFact]
    public void Image_variant_carries_its_own_manifest()
    {
        var variant = GuestImages.PathOf("hello-netdecl", project: "hello");
        var q = ProcessRunner.RunTool("solo5-manifest", ["query", variant]);
        q.ExitCode.Should().Be(0, q.ToString());
        q.Stdout.Should().Contain("service0").And.Contain("NET_BASIC");
        var r = ProcessRunner.RunTool("hvt-tender", [variant, "Hello_Solo5"]);
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stderr.Should().Contain("Device 'service0' of type NET_BASIC declared but not attached.");
    }

    [Fact]
    public void No_image_contains_instructions_the_kvm_here_cannot_run()
    {
        foreach (var guest in new[] { "hello", "features", "net", "blk", "time" })
        {
            var r = ProcessRunner.Run("sh", [Repo.PathOf("guest", "Guest.Sdk", "check-instructions.sh"), GuestImages.PathOf(guest)]);
            // Run after patching, so the zeroing idiom is gone and nothing else may remain.
            r.ExitCode.Should().Be(0, r.ToString());
        }
    }

    [Fact]
    public void Floating_point_in_a_guest_fails_the_build_naming_the_method()
    {
        var dir = Directory.CreateTempSubdirectory("guest-fp");
        try
        {
            GuestProject.Write(dir.FullName, "fp", """
                using Solo5Net.Guest;
                public static class Program
                {
                    private static double s_scale = 2.5;
                    public static int Main(StartInfo start) => Scale(start.CommandLine.Length) > 3 ? 1 : 0;
                    private static double Scale(int n) => n * s_scale;
                }
                """);
            var r = ProcessRunner.Run("dotnet", ["build", dir.FullName, "-v", "q", "-nologo"], TimeSpan.FromMinutes(5));
            r.ExitCode.Should().NotBe(0, r.ToString());
            r.Stdout.Should().Contain("error GUEST021").And.Contain("fp_Program__").And.Contain("mulsd").And.Contain("GUEST020");
            File.Exists(Path.Combine(dir.FullName, "bin", "Debug", "net10.0", "fp.hvt")).Should().BeFalse("a rejected image is deleted");
        }
        finally { dir.Delete(true); }
    }
}
