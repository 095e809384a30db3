using System.Text;

namespace Solo5Net.Hvt.Tender;

/// <summary>The --help and --version texts.</summary>
public static class Usage
{
    /// <summary>The project's version (the csproj's Version, compiled in as a constant: reading the
    /// assembly's attribute by reflection cost --version about 2 ms).</summary>
    public const string Version = TenderVersion.Value;

    public static string VersionText => Diagnostics.ProgramName + " tender, version " + Version + "\nABI version 2\n";

    public static string Text(IReadOnlyList<ITenderModule> modules)
    {
        var text = new StringBuilder();
        text.Append($"usage: {Diagnostics.ProgramName} [ CORE OPTIONS ] [ MODULE OPTIONS ] [ -- ] KERNEL [ ARGS ]\n");
        text.Append("KERNEL is the filename of the unikernel to run.\n");
        text.Append("ARGS are optional arguments passed to the unikernel.\n");
        text.Append("Core options:\n");
        text.Append("  [ --mem=512 ] (guest memory in MB)\n");
        text.Append("  [ --no-seccomp ] (debugging only: run without the seccomp filter)\n");
        text.Append("  [ --user=UID:GID ] (run the guest as this user and group, after set-up)\n");
        text.Append("    --help (display this help)\n");
        text.Append("    --version (display version information)\n");
        text.Append("    --verbose (print details with errors)\n");
        text.Append("Compiled-in modules: ").Append(string.Join(' ', modules.Select(m => m.Name))).Append('\n');
        text.Append("Compiled-in module options:\n");
        foreach (var module in modules)
            if (!string.IsNullOrEmpty(module.Usage)) text.Append(module.Usage.TrimEnd('\n')).Append('\n');
        return text.ToString();
    }
}
