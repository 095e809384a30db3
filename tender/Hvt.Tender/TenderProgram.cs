namespace Solo5Net.Hvt.Tender;

/// <summary>
/// hvt-tender [CORE OPTIONS] [MODULE OPTIONS] [--] KERNEL [ARGS]: parses the command line with
/// Solo5's semantics (docs/hvt-abi.md §8), then hands over to <see cref="TenderSession"/>. Every failure is
/// one "hvt-tender: …" line (or a few) on stderr and exit status 1.
/// </summary>
public static class TenderProgram
{
    public static int Run(string[] args)
    {
        // A failure on another thread (a module's I/O thread) ends the process the same way.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Diagnostics.Report(Describe(e.ExceptionObject));
            Environment.Exit(1);
        };
        try
        {
            return RunOrThrow(args);
        }
        catch (Exception e)
        {
            Diagnostics.Report(Describe(e));
            return 1;
        }
    }

    /// <summary>The one-line report for a failure: our own messages as they are, anything else as an internal error without a stack trace.</summary>
    private static string Describe(object failure) => failure switch
    {
        TenderException e => e.Message,
        Solo5Net.Interop.SystemCallException e => e.Message,
        Exception e => $"internal error: {e.GetType().Name}: {e.Message}",
        _ => $"internal error: {failure}",
    };

    public const string SeccompDisabledWarning = "warning: seccomp disabled (--no-seccomp); the tender is not confined";

    private static int RunOrThrow(string[] args)
    {
        var modules = ModuleCatalog.Create();
        var line = ParsedCommandLine.Parse(args);
        if (line.Help)
        {
            Diagnostics.WriteStderr(Usage.Text(modules));
            return 1;
        }
        if (line.Version)
        {
            Diagnostics.WriteStderr(Usage.VersionText);
            return 0;
        }
        if (line.Kernel == null) throw new TenderException("Missing KERNEL operand (see --help)");

        var kernel = KernelImage.Load(line.Kernel, line.Verbose);
        var tender = new TenderSession(kernel, modules, line.Verbose);
        var core = new CoreOptions();
        foreach (var option in line.Options)
            Offer(option, core, modules, tender.Options);
        if (!core.Seccomp) Diagnostics.Report(SeccompDisabledWarning);
        tender.ConfineAfterSetup = core.Seccomp;
        tender.DropPrivilegesAfterSetup = true;
        tender.User = core.User;
        return tender.Run(core.MemoryBytes, line.GuestCommandLine);
    }

    private static void Offer(string option, CoreOptions core, IReadOnlyList<ITenderModule> modules, ModuleOptionContext ctx)
    {
        try
        {
            if (core.TryParse(option)) return;
            foreach (var module in modules)
                if (module.TryParseOption(option, ctx)) return;
        }
        catch (InvalidOptionException e)
        {
            throw new TenderException($"{e.Message}\nInvalid option: `{option}' (see --help)");
        }
        throw new TenderException($"Invalid option: `{option}' (see --help)");
    }
}
