using Solo5Net.Hvt.Modules.Block;
using Solo5Net.Hvt.Modules.Dumpcore;
using Solo5Net.Hvt.Modules.Gdb;
using Solo5Net.Hvt.Modules.Instructions;
using Solo5Net.Hvt.Modules.Net;
using Solo5Net.Hvt.Modules.Pci;

namespace Solo5Net.Hvt.Tender;

/// <summary>The compiled-in modules, in the order options are offered to them and Setup runs.
/// The instruction counter comes before gdb, so that their conflict is found before gdb waits for a connection.
/// Each is created when an option with its prefix first appears (<see cref="DeferredModule"/>).</summary>
public static class ModuleCatalog
{
    public static IReadOnlyList<ITenderModule> Create() => new ITenderModule[]
    {
        new DeferredModule(BlockModule.OptionPrefix, () => new BlockModule()),
        new DeferredModule(NetModule.OptionPrefix, () => new NetModule()),
        new DeferredModule(PciModule.OptionPrefix, () => new PciModule()),
        new DeferredModule(DumpcoreModule.OptionPrefix, () => new DumpcoreModule()),
        new DeferredModule(InstructionsModule.OptionPrefix, () => new InstructionsModule()),
        new DeferredModule(GdbModule.OptionPrefix, () => new GdbModule()),
    };
}
