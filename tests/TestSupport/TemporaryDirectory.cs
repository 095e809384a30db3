namespace Solo5Net.TestSupport;

/// <summary>A directory of its own under the system's temporary directory, removed with all it holds on disposal.</summary>
public sealed class TemporaryDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
