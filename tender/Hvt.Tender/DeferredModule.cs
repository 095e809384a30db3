namespace Solo5Net.Hvt.Tender;

/// <summary>
/// A compiled-in module that is created only when it is needed: when an option with its prefix is
/// offered, or for --help. A module given no options does nothing at
/// Setup, so a run that names none of its devices never creates it nor initialises its statics
/// (a JIT build does not even load Hvt.Modules.Pci.dll).
/// </summary>
public sealed class DeferredModule(string optionPrefix, Func<ITenderModule> create) : ITenderModule
{
    private ITenderModule? _module;

    /// <summary>The module itself, created on first use.</summary>
    public ITenderModule Module => _module ??= create();

    /// <summary>True once the module has been created.</summary>
    public bool IsCreated => _module != null;

    public string Name => Module.Name;

    public string Usage => Module.Usage;

    public bool TryParseOption(string arg, ModuleOptionContext ctx) =>
        arg.StartsWith(optionPrefix, StringComparison.Ordinal) && Module.TryParseOption(arg, ctx);

    public void Setup(ModuleSetupContext ctx) => _module?.Setup(ctx);

    public bool SetupWaitsOnPeers => _module?.SetupWaitsOnPeers ?? false;
}
