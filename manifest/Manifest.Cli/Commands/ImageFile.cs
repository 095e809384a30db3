namespace Solo5Net.Manifest.Cli;

/// <summary>Reads a unikernel image, naming the file in every error as the tender does.</summary>
public static class ImageFile
{
    /// <summary>Larger files are not unikernel images this tool inspects.</summary>
    private const long MaxSize = 1L << 30;

    public static ElfFile Read(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxSize)
                throw new ManifestException($"{path}: file is larger than {MaxSize} bytes");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException($"{path}: Could not open: {e.Message}");
        }
        try
        {
            return ElfFile.Parse(bytes);
        }
        catch (ElfFormatException e)
        {
            throw new ElfFormatException($"{path}: {e.Message}");
        }
    }
}
