namespace Solo5Net.Tests.Tender.Support;

/// <summary>A private temporary directory, deleted with everything in it on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hvt-tender-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file of <paramref name="size"/> bytes, all <paramref name="fill"/>.</summary>
    public string NewFile(string name, long size, byte fill = 0)
    {
        var path = File(name);
        var data = new byte[size];
        Array.Fill(data, fill);
        System.IO.File.WriteAllBytes(path, data);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
