namespace Solo5Net;

/// <summary>Where tender/PublishNative.targets puts a natively published executable:
/// artifacts/NAME/CONFIGURATION/NAME, for the configuration the caller itself was built in.
/// Compiled into the programs that run those executables (tests/TestSupport, bench/Hvt.Bench).</summary>
internal static class NativeArtifacts
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string PathOf(string repositoryRoot, string name) =>
        Path.Combine(repositoryRoot, "artifacts", name, Configuration, name);
}
