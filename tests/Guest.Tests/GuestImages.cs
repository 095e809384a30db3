using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Guest;

/// <summary>Runs the C# test unikernels of tests/guests-cs on hvt-tender.</summary>
internal static class GuestImages
{
    /// <summary>Same configuration as this test assembly (bin/CONFIG/net10.0/).</summary>
    private static readonly string Configuration =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    /// <summary>The image NAME.hvt of test guest <paramref name="project"/> (default: the same name).</summary>
    public static string PathOf(string guest, string? project = null)
    {
        var path = Repo.PathOf("tests", "guests-cs", project ?? guest, "bin", Configuration, "net10.0", guest + ".hvt");
        if (!File.Exists(path)) throw new FileNotFoundException($"{guest}.hvt was not built (build tests/Guest.Tests)", path);
        return path;
    }

    /// <summary>hvt-tender [tenderOptions] -- IMAGE [guestArgs].</summary>
    public static ProcessResult Run(string guest, IEnumerable<string>? tenderOptions = null, IEnumerable<string>? guestArgs = null,
        TimeSpan? timeout = null) =>
        ProcessRunner.RunTool("hvt-tender",
            [.. tenderOptions ?? [], "--", PathOf(guest), .. guestArgs ?? []],
            timeout ?? TimeSpan.FromSeconds(60));
}
