using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Tender;

namespace Solo5Net.Tests.Tender.Core;

public class CommandLineTests
{
    [Fact]
    public void Options_end_at_the_first_argument_without_a_dash()
    {
        var p = ParsedCommandLine.Parse(["--mem=64", "--block:a=b", "k.hvt", "--x", "y"]);
        p.Options.Should().Equal("--mem=64", "--block:a=b");
        p.Kernel.Should().Be("k.hvt");
        p.GuestArguments.Should().Equal("--x", "y");
        p.GuestCommandLine.Should().Be("--x y");
    }

    [Fact]
    public void Double_dash_makes_the_next_argument_the_kernel_even_with_a_dash()
    {
        var p = ParsedCommandLine.Parse(["--mem=8", "--", "-weird.hvt", "--solo5:quiet"]);
        p.Options.Should().Equal("--mem=8");
        p.Kernel.Should().Be("-weird.hvt");
        p.GuestCommandLine.Should().Be("--solo5:quiet");
    }

    [Fact]
    public void Help_version_and_verbose_are_found_anywhere_before_the_kernel()
    {
        ParsedCommandLine.Parse(["--mem=1", "--help"]).Help.Should().BeTrue();
        ParsedCommandLine.Parse(["--version", "k"]).Version.Should().BeTrue();
        ParsedCommandLine.Parse(["k", "--help"]).Help.Should().BeFalse("after KERNEL it is a guest argument");
        var first = ParsedCommandLine.Parse(["--version", "--help"]);
        (first.Version, first.Help).Should().Be((true, false), "whichever comes first acts");
        var v = ParsedCommandLine.Parse(["--verbose", "k"]);
        (v.Verbose, v.Options.Count).Should().Be((true, 0));
    }

    [Fact]
    public void No_kernel_is_reported_as_null()
    {
        ParsedCommandLine.Parse(["--mem=64"]).Kernel.Should().BeNull();
        ParsedCommandLine.Parse(["--"]).Kernel.Should().BeNull();
        ParsedCommandLine.Parse([]).Kernel.Should().BeNull();
    }

    [Fact]
    public void Guest_arguments_are_joined_with_single_spaces_unquoted()
    {
        ParsedCommandLine.Parse(["k", "a b", "", "c"]).GuestCommandLine.Should().Be("a b  c");
        ParsedCommandLine.Parse(["k"]).GuestCommandLine.Should().BeEmpty();
    }

    [Fact]
    public void Mem_option_sets_bytes_and_rejects_malformed_values()
    {
        var core = new CoreOptions();
        core.MemoryBytes.Should().Be(512UL << 20);
        core.TryParse("--mem=64").Should().BeTrue();
        core.MemoryBytes.Should().Be(64UL << 20);
        core.TryParse("--memory=64").Should().BeFalse();
        core.Invoking(c => c.TryParse("--mem=")).Should().Throw<TenderException>().WithMessage("Malformed argument to --mem");
        core.Invoking(c => c.TryParse("--mem=0")).Should().Throw<TenderException>().WithMessage("Malformed argument to --mem");
    }

    [Fact]
    public void Usage_lists_core_options_and_every_module()
    {
        var text = Usage.Text(ModuleCatalog.Create());
        text.Should().StartWith("usage: hvt-tender [ CORE OPTIONS ] [ MODULE OPTIONS ] [ -- ] KERNEL [ ARGS ]\n");
        text.Should().Contain("--mem=512").And.Contain("--dumpcore=DIR");
        foreach (var m in ModuleCatalog.Create()) text.Should().Contain(m.Name);
        Usage.VersionText.Should().MatchRegex("^hvt-tender tender, version [0-9.]+\nABI version 2\n$");
    }
}
