using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Tender.Modules;

namespace Solo5Net.Hvt.Tender;

/// <summary>The compiled-in modules, in the order options are offered to them and Setup runs.</summary>
public static class ModuleCatalog
{
    public static IReadOnlyList<ITenderModule> Create() =>
    [
        new BlockModule(),
        new NetModule(),
        new PciModule(),
        new DumpcoreModule(),
    ];
}
