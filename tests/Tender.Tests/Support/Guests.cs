namespace Solo5Net.Tests.Tender.Support;

/// <summary>The test unikernels built from tests/guests into guests/ next to the test binaries.</summary>
public static class Guests
{
    public static string Directory { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "guests");

    public static string Path(string name)
    {
        var path = System.IO.Path.Combine(Directory, name + ".hvt");
        if (!File.Exists(path)) throw new FileNotFoundException($"test guest {name}.hvt not built (tests/guests, make)", path);
        return path;
    }

    public static byte[] Image(string name) => File.ReadAllBytes(Path(name));
}
