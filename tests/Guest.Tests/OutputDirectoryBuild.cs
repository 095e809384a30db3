using Solo5Net.TestSupport;

namespace Solo5Net.Tests.Guest;

/// <summary>A small guest built once with `-o`, in a configuration of its own so that no
/// solo5-manifest from another build (bin/Release) can stand in for the one in the output directory.</summary>
public sealed class OutputDirectoryBuild : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("guest-out");

    public OutputDirectoryBuild()
    {
        GuestProject.Write(_dir.FullName, "outhello", """
            using Solo5Net.Guest;
            public static class Program
            {
                public static int Main(StartInfo start)
                {
                    Solo5.ConsoleWrite("built with -o\n");
                    return Solo5.ExitSuccess;
                }
            }
            """);
        Output = Path.Combine(_dir.FullName, "OUT");
        Image = Path.Combine(Output, "outhello.hvt");
        // PublishNative=false: the configuration of its own rebuilds solo5-manifest, whose native
        // publish (tender/PublishNative.targets) is not what this test is about and takes many
        // minutes under the test VM's emulation (docs/platform.md §7).
        Result = ProcessRunner.Run("dotnet", ["build", _dir.FullName, "-c", "OutputCheck", "-o", Output, "-p:PublishNative=false", "-v", "q", "-nologo"],
            TimeSpan.FromMinutes(10));
    }

    public string Output { get; }

    public string Image { get; }

    public ProcessResult Result { get; }

    public void Dispose() => _dir.Delete(recursive: true);
}
