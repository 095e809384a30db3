using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Tender;
using Solo5Net.Hvt.Modules.Block;
using Solo5Net.Hvt.Modules.Dumpcore;
using Solo5Net.Hvt.Modules.Net;

namespace Solo5Net.Tests.Tender.Modules;

/// <summary>The compiled-in modules are created only when an option of theirs is offered (or for
/// --help): a run that names no PCI device does not load the PCI module.</summary>
public class DeferredModuleTests
{
    [Fact]
    public void No_module_is_created_for_options_that_are_not_its_own()
    {
        var modules = ModuleCatalog.Create().Cast<DeferredModule>().ToList();
        var ctx = new ModuleOptionContext(null!);

        foreach (var option in new[] { "--mem=32", "--x-net:a=b", "--dump", "--pcidev:x=y", "-block:x=y" })
            modules.Any(m => m.TryParseOption(option, ctx)).Should().BeFalse(option);

        modules.Where(m => m.IsCreated).Select(m => m.Name).Should().BeEmpty();
    }

    [Theory]
    [InlineData("--block-nonsense", typeof(BlockModule))]
    [InlineData("--net-nonsense", typeof(NetModule))]
    [InlineData("--pci-nonsense", typeof(PciModule))]
    [InlineData("--dumpcore", typeof(DumpcoreModule))]
    public void An_option_with_a_modules_prefix_creates_that_module_only(string option, Type module)
    {
        var modules = ModuleCatalog.Create().Cast<DeferredModule>().ToList();

        modules.Any(m => m.TryParseOption(option, new ModuleOptionContext(null!))).Should().BeFalse("the module itself refuses it");

        modules.Where(m => m.IsCreated).Select(m => m.Module.GetType()).Should().Equal(module);
    }

    [Fact]
    public void Usage_creates_every_module()
    {
        var modules = ModuleCatalog.Create();
        Usage.Text(modules).Should().Contain("--pci-dev:").And.Contain("--block:").And.Contain("--net:").And.Contain("--dumpcore");
        modules.Cast<DeferredModule>().Should().OnlyContain(m => m.IsCreated);
    }
}
