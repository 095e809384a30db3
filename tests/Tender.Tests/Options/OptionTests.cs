using FluentAssertions;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Tender.Support;

namespace Solo5Net.Tests.Tender.Options;

/// <summary>The command line with Solo5's spellings and errors (docs/hvt-abi.md §8.1–8.2).</summary>
public class OptionTests
{
    [KvmFact]
    public void No_kernel_is_a_usage_error()
    {
        TenderProcess.Run().ShouldFailWith("Missing KERNEL operand");
        TenderProcess.Run("--mem=64").ShouldFailWith("Missing KERNEL operand");
        // The PCI probe is tests/PciProbe, not a mode of the tender.
        TenderProcess.Run("--pci-probe:x=0000:00:03.0").ShouldFailWith("Missing KERNEL operand");
    }

    [KvmFact]
    public void Help_prints_usage_with_every_module_option_and_exits_1()
    {
        var r = TenderProcess.Run("--help");
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stdout.Should().BeEmpty();
        foreach (var option in new[] { "--mem=", "--block:", "--block-sector-size:", "--net:", "--net-mac:" })
            r.Stderr.Should().Contain(option);
    }

    [KvmFact]
    public void Version_names_the_abi_and_exits_0()
    {
        var r = TenderProcess.Run("--version");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().Contain("ABI version 2");
    }

    [Fact]
    public void A_startup_hook_named_in_the_environment_is_never_loaded()
    {
        // Were startup hooks supported, the runtime would try to load this assembly into the
        // (root) tender before Main, and abort because it does not exist.
        var r = ProcessRunner.RunTool("hvt-tender", ["--version"],
            env: new Dictionary<string, string> { ["DOTNET_STARTUP_HOOKS"] = "/nonexistent/hook.dll" });
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().Contain("ABI version 2");
    }

    [KvmFact]
    public void Help_acts_wherever_it_appears_before_the_kernel()
    {
        TenderProcess.Run("--mem=64", "--help", Guests.Path("quiet")).ExitCode.Should().Be(1);
        TenderProcess.Run("--mem=64", "--version", Guests.Path("quiet")).ExitCode.Should().Be(0);
    }

    [KvmTheory]
    [InlineData("--mem=0")]
    [InlineData("--mem=abc")]
    [InlineData("--mem=")]
    public void Malformed_memory_sizes_are_refused(string option)
    {
        TenderProcess.Run(option, Guests.Path("quiet")).ShouldFailWith("Malformed argument to --mem");
    }

    [KvmFact]
    public void Memory_above_4GiB_is_refused()
    {
        TenderProcess.Run("--mem=4098", Guests.Path("quiet"))
            .ShouldFailWith("guest memory size 4297064448 bytes exceeds the max size 4294967296 bytes");
    }

    [KvmFact]
    public void Memory_of_4097MiB_rounds_down_to_4GiB_and_runs()
    {
        var r = TenderProcess.Run("--mem=4097", Guests.Path("quiet"));
        r.ShouldExitWith(0);
        r.Stderr.Should().Be(TenderProcess.Prefix + "adjusting memory to 4294967296 bytes\n");
    }

    [KvmTheory]
    [InlineData("--foo")]
    [InlineData("--block:storage")]
    [InlineData("--net-mac:service0=zz:00:00:00:00:00")]
    [InlineData("--dumpcorex=/tmp")]
    [InlineData("--x-exec-heap")]
    public void Unknown_or_malformed_options_are_named(string option)
    {
        TenderProcess.Run(option, Guests.Path("quiet")).ShouldFailWith($"Invalid option: `{option}'");
    }

    [KvmFact]
    public void An_option_after_the_kernel_belongs_to_the_guest()
    {
        var r = TenderProcess.Run(Guests.Path("hello"), "--foo");
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Contain("Command line is: '--foo'");
    }

    [KvmFact]
    public void A_command_line_of_8191_characters_fits_and_8192_is_refused()
    {
        var fits = new string('a', 8191);
        var r = TenderProcess.Run(Guests.Path("hello"), fits);
        r.ShouldSucceedQuietly();
        r.Stdout.Should().Contain($"Command line is: '{fits}'");
        TenderProcess.Run(Guests.Path("hello"), fits, "b")
            .ShouldFailWith("Guest command line too long (max=8191 characters)");
    }

    [KvmFact]
    public void A_device_option_for_a_name_not_in_the_manifest_is_refused()
    {
        TenderProcess.Run("--block:other=/dev/null", Guests.Path("blk"))
            .ShouldFailWith("Resource not declared in manifest: 'other'");
    }

    [KvmFact]
    public void A_device_option_of_the_wrong_type_for_its_name_is_refused()
    {
        TenderProcess.Run("--net:storage=tap0", Guests.Path("blk"))
            .ShouldFailWith("Resource not declared in manifest: 'storage'");
    }
}
