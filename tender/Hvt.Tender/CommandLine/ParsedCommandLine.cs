namespace Solo5Net.Hvt.Tender;

/// <summary>The result of pass 1 over the arguments (docs/hvt-abi.md §8.2).</summary>
public sealed record ParsedCommandLine(
    IReadOnlyList<string> Options,
    string? Kernel,
    IReadOnlyList<string> GuestArguments,
    bool Help,
    bool Version,
    bool Verbose)
{
    /// <summary>Guest arguments joined with single spaces, unquoted.</summary>
    public string GuestCommandLine => string.Join(' ', GuestArguments);

    /// <summary>
    /// Pass 1: options are the leading arguments that start with '-'; "--" ends them and makes the
    /// next argument KERNEL even if it starts with '-'; everything after KERNEL belongs to the guest.
    /// --help and --version take effect wherever they appear before KERNEL.
    /// </summary>
    public static ParsedCommandLine Parse(string[] args)
    {
        var options = new List<string>();
        bool help = false, version = false, verbose = false;
        int i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            var arg = args[i];
            if (arg == "--") { i++; break; }
            if (arg == "--help") help |= !version;            // the first of the two acts
            else if (arg == "--version") version |= !help;
            else if (arg == "--verbose") verbose = true;
            else options.Add(arg);
        }
        string? kernel = i < args.Length ? args[i] : null;
        var guest = new List<string>();
        for (int g = i + 1; kernel != null && g < args.Length; g++) guest.Add(args[g]);
        return new ParsedCommandLine(options, kernel, guest, help, version, verbose);
    }
}
