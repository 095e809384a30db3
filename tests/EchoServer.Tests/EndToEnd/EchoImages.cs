using Solo5Net.TestSupport;

namespace Solo5Net.Tests.EchoServer.EndToEnd;

/// <summary>The two unikernel images of examples/EchoServer, built together with this test project
/// (a ProjectReference without assembly reference) in the same configuration.</summary>
public static class EchoImages
{
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    public static string Pci => PathOf("EchoServer.hvt");

    public static string NetBasic => PathOf("EchoServer-net.hvt");

    private static string PathOf(string image)
    {
        var path = Repo.PathOf("examples", "EchoServer", "bin", Configuration, "net10.0", image);
        if (!File.Exists(path)) throw new FileNotFoundException($"{image} was not built (build tests/EchoServer.Tests)", path);
        return path;
    }
}
